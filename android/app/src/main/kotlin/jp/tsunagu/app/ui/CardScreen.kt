// The printable emergency card: the core's self-contained HTML in a WebView, printed through
// Android's print framework.
package jp.tsunagu.app.ui

import android.content.Context
import android.print.PrintManager
import android.webkit.WebView
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.padding
import androidx.compose.material3.Button
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.setValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.platform.LocalContext
import androidx.compose.ui.unit.dp
import androidx.compose.ui.viewinterop.AndroidView
import jp.tsunagu.Tsunagu
import jp.tsunagu.app.uiLang
import jp.tsunagu.app.w

/**
 * ARRIVES WITH THE CARD. The core's printable card (share::card, issue 4) is being built on
 * another branch; once it lands, the bindings wrap it as `TsunaguStore.cardHtml(id, lang, today)`
 * and the wrapper as `Tsunagu.cardHtml`, and this function becomes that one call. Until then it
 * returns null and the screen says the card is not available yet.
 */
@Suppress("UNUSED_PARAMETER", "RedundantSuspendModifier")
suspend fun cardHtmlWhenAvailable(t: Tsunagu, id: String, lang: String): String? = null

@Composable
fun CardScreen(t: Tsunagu, id: String) {
    val context = LocalContext.current
    var html by remember { mutableStateOf<String?>(null) }
    var webView by remember { mutableStateOf<WebView?>(null) }
    LaunchedEffect(id) { html = cardHtmlWhenAvailable(t, id, uiLang()) }
    Column(Modifier.padding(8.dp)) {
        val page = html
        if (page == null) {
            Text(w("app-card-pending"))
            return@Column
        }
        Button(onClick = {
            val view = webView ?: return@Button
            val printManager = context.getSystemService(Context.PRINT_SERVICE) as PrintManager
            printManager.print("Tsunagu card", view.createPrintDocumentAdapter("tsunagu-card"), null)
        }) { Text(w("app-card-print")) }
        AndroidView(
            factory = { ctx ->
                WebView(ctx).apply {
                    // The card is self-contained: no scripts, no network.
                    settings.javaScriptEnabled = false
                    settings.blockNetworkLoads = true
                    webView = this
                }
            },
            update = { it.loadDataWithBaseURL(null, page, "text/html", "utf-8", null) },
        )
    }
}
