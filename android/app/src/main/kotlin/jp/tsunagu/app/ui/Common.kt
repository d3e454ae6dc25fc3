// Small pieces every screen uses: running a core call with its error shown, the sync status bar.
package jp.tsunagu.app.ui

import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.padding
import androidx.compose.material3.Button
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.collectAsState
import androidx.compose.runtime.getValue
import androidx.compose.runtime.remember
import androidx.compose.runtime.rememberCoroutineScope
import androidx.compose.ui.Modifier
import androidx.compose.ui.unit.dp
import java.text.DateFormat
import java.util.Date
import jp.tsunagu.Tsunagu
import jp.tsunagu.TsunaguException
import jp.tsunagu.app.uiLang
import jp.tsunagu.app.w
import jp.tsunagu.ffi.ApiException
import kotlinx.coroutines.launch

/** The error of a core call in words: field paths for bad input, the class otherwise (never content). */
fun describe(e: TsunaguException): String = w(
    "app-error",
    "reason" to when (e) {
        is ApiException.InvalidInput -> e.violations.joinToString { "${it.field}: ${it.rule}" }
        is ApiException.BadEdit -> "${e.path}: ${e.reason}"
        is ApiException.InputForm -> if (uiLang() == "en") e.messageEn else e.messageJa
        is ApiException.NeedsConfirmation -> e.warnings.joinToString("; ") { if (uiLang() == "en") it.messageEn else it.messageJa }
        is ApiException.Offline -> w("app-sync-offline")
        else -> e.javaClass.simpleName
    },
)

/** The sync status of a profile, live, and a "sync now" button. */
@Composable
fun SyncBar(t: Tsunagu, id: String, onError: (String) -> Unit) {
    val scope = rememberCoroutineScope()
    val flow = remember(id) { t.sync.statusFlow(id) }
    val status by flow.collectAsState(initial = null)
    Row(Modifier.padding(8.dp)) {
        val s = status
        val text = when {
            s == null -> w("app-sync-not-shared")
            s.lastError == "offline" -> w("app-sync-offline")
            s.lastSuccessAtMs == null -> w("app-sync-never", "pending" to s.pendingChanges)
            else -> w(
                "app-sync-status",
                "when" to DateFormat.getDateTimeInstance().format(Date(s.lastSuccessAtMs!!)),
                "pending" to s.pendingChanges,
            )
        }
        Text(text, style = MaterialTheme.typography.bodySmall, modifier = Modifier.weight(1f))
        if (s != null) {
            Button(onClick = {
                scope.launch {
                    try {
                        t.sync.syncNow(id)
                    } catch (e: TsunaguException) {
                        onError(describe(e))
                    }
                }
            }) { Text(w("app-sync-now")) }
        }
    }
}
