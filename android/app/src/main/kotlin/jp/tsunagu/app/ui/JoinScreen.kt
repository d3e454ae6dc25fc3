// Joining a profile with an invite: scan its QR code (zxing-android-embedded) or paste the link.
// The link carries no key: until the owner's device syncs and grants it, the screen says so in
// the core's words (JoinState.WaitingForOwner) and offers "Sync now"; then it opens the profile.
package jp.tsunagu.app.ui

import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.padding
import androidx.compose.material3.Button
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.rememberCoroutineScope
import androidx.compose.runtime.setValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.unit.dp
import androidx.activity.compose.rememberLauncherForActivityResult
import com.journeyapps.barcodescanner.ScanContract
import com.journeyapps.barcodescanner.ScanOptions
import jp.tsunagu.JoinState
import jp.tsunagu.Tsunagu
import jp.tsunagu.TsunaguException
import jp.tsunagu.app.uiLang
import jp.tsunagu.app.w
import jp.tsunagu.state
import kotlinx.coroutines.launch

@Composable
fun JoinScreen(t: Tsunagu, joined: (String) -> Unit) {
    val scope = rememberCoroutineScope()
    var link by remember { mutableStateOf("") }
    var error by remember { mutableStateOf<String?>(null) }
    var state by remember { mutableStateOf<JoinState?>(null) }
    fun show(s: JoinState) {
        state = s
        if (s is JoinState.Ready) joined(s.profileId)
    }
    fun join(l: String) = scope.launch {
        try {
            show(t.sync.join(l.trim()).state(uiLang()))
        } catch (e: TsunaguException) {
            error = describe(e)
        }
    }
    fun syncAgain(id: String) = scope.launch {
        try {
            show(JoinState.of(id, t.sync.syncNow(id), uiLang()))
        } catch (e: TsunaguException) {
            error = describe(e)
        }
    }
    val scanner = rememberLauncherForActivityResult(ScanContract()) { result ->
        result.contents?.let { link = it; join(it) }
    }
    Column(Modifier.padding(16.dp)) {
        Text(w("app-join"), style = MaterialTheme.typography.headlineSmall)
        Button(onClick = {
            scanner.launch(ScanOptions().setDesiredBarcodeFormats(ScanOptions.QR_CODE).setBeepEnabled(false))
        }) { Text(w("app-join-scan")) }
        OutlinedTextField(link, { link = it }, label = { Text(w("app-join-paste")) })
        Button(onClick = { join(link) }) { Text(w("app-join")) }
        (state as? JoinState.Pending)?.let { s ->
            Text(s.message)
            Button(onClick = { syncAgain(s.profileId) }) { Text(w("app-sync-now")) }
        }
        error?.let { Text(it, color = MaterialTheme.colorScheme.error) }
    }
}
