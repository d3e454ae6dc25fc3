// The printable emergency card: the core's self-contained HTML (Tsunagu.cardHtml, the core's
// share::card) in a WebView, printed through Android's print framework.
package jp.tsunagu.app.ui

import android.content.Context
import android.print.PrintManager
import android.webkit.WebView
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.padding
import androidx.compose.material3.Button
import androidx.compose.material3.MaterialTheme
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
import jp.tsunagu.TsunaguException
import jp.tsunagu.app.uiLang
import jp.tsunagu.app.w
import jp.tsunagu.ffi.CardPaper
import jp.tsunagu.ffi.ViewAudience

/** The languages of the card: Japanese and English side by side, the app's language first. */
fun cardLangs(lang: String): List<String> = if (lang == "en") listOf("en", "ja") else listOf("ja", "en")

@Composable
fun CardScreen(t: Tsunagu, id: String) {
    val context = LocalContext.current
    var html by remember { mutableStateOf<String?>(null) }
    var error by remember { mutableStateOf<String?>(null) }
    var webView by remember { mutableStateOf<WebView?>(null) }
    LaunchedEffect(id) {
        try {
            // The shelter card on A4; shelter staff and helpers may read either language.
            html = t.cardHtml(id, ViewAudience.SHELTER, cardLangs(uiLang()), CardPaper.A4)
        } catch (e: TsunaguException) {
            error = describe(e)
        }
    }
    Column(Modifier.padding(8.dp)) {
        error?.let { Text(it, color = MaterialTheme.colorScheme.error) }
        val page = html ?: return@Column
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
