// Sharing a profile: start syncing it through a relay, make invite links (shown as a QR code to
// scan and handed to the share sheet), and see the members.
package jp.tsunagu.app.ui

import android.content.Intent
import android.graphics.BitmapFactory
import androidx.compose.foundation.Image
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.verticalScroll
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
import androidx.compose.ui.graphics.FilterQuality
import androidx.compose.ui.graphics.ImageBitmap
import androidx.compose.ui.graphics.asImageBitmap
import androidx.compose.ui.platform.LocalContext
import androidx.compose.ui.unit.dp
import jp.tsunagu.Tsunagu
import jp.tsunagu.TsunaguException
import jp.tsunagu.app.w
import jp.tsunagu.ffi.MemberRole
import kotlinx.coroutines.launch

@Composable
fun ShareScreen(t: Tsunagu, id: String) {
    val scope = rememberCoroutineScope()
    val context = LocalContext.current
    var relay by remember { mutableStateOf("https://") }
    var link by remember { mutableStateOf<String?>(null) }
    var linkQr by remember { mutableStateOf<ImageBitmap?>(null) }
    var error by remember { mutableStateOf<String?>(null) }
    fun run(block: suspend () -> Unit) = scope.launch {
        try {
            error = null
            block()
        } catch (e: TsunaguException) {
            error = describe(e)
        }
    }
    fun invite(role: MemberRole) = run {
        val l = t.sync.invite(id, role)
        link = l
        val png = Tsunagu.qrPng(l)
        linkQr = BitmapFactory.decodeByteArray(png, 0, png.size).asImageBitmap()
    }
    Column(Modifier.padding(16.dp).verticalScroll(rememberScrollState())) {
        Text(w("app-share"), style = MaterialTheme.typography.headlineSmall)
        SyncBar(t, id) { error = it }
        OutlinedTextField(relay, { relay = it }, label = { Text(w("app-share-relay")) })
        Button(onClick = { run { t.sync.share(id, relay.trim()) } }) { Text(w("app-share")) }
        Row {
            Button(onClick = { invite(MemberRole.EDITOR) }) { Text(w("app-invite-editor")) }
            Button(onClick = { invite(MemberRole.VIEWER) }, Modifier.padding(start = 8.dp)) { Text(w("app-invite-viewer")) }
        }
        error?.let { Text(it, color = MaterialTheme.colorScheme.error) }
        link?.let { l ->
            Text(w("app-invite-link"), style = MaterialTheme.typography.labelLarge)
            linkQr?.let { Image(it, contentDescription = null, filterQuality = FilterQuality.None, modifier = Modifier.fillMaxWidth()) }
            Button(onClick = {
                val send = Intent(Intent.ACTION_SEND).setType("text/plain").putExtra(Intent.EXTRA_TEXT, l)
                context.startActivity(Intent.createChooser(send, w("app-share")))
            }) { Text(w("app-share")) }
        }
    }
}
