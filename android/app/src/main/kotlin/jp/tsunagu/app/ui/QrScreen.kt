// The shelter QR code: the core's PNG shown large, and the plain text it holds beneath it.
package jp.tsunagu.app.ui

import android.graphics.BitmapFactory
import androidx.compose.foundation.Image
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.verticalScroll
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.setValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.graphics.FilterQuality
import androidx.compose.ui.graphics.asImageBitmap
import androidx.compose.ui.unit.dp
import jp.tsunagu.Tsunagu
import jp.tsunagu.TsunaguException
import jp.tsunagu.app.w
import jp.tsunagu.ffi.ShelterQr

@Composable
fun QrScreen(t: Tsunagu, id: String) {
    var qr by remember { mutableStateOf<ShelterQr?>(null) }
    var error by remember { mutableStateOf<String?>(null) }
    LaunchedEffect(id) {
        try {
            qr = t.shelterQr(id, listOf("ja", "en"))
        } catch (e: TsunaguException) {
            error = describe(e)
        }
    }
    Column(Modifier.padding(16.dp).verticalScroll(rememberScrollState())) {
        Text(w("app-qr"), style = MaterialTheme.typography.headlineSmall)
        error?.let { Text(it, color = MaterialTheme.colorScheme.error) }
        qr?.let { code ->
            val bitmap = remember(code) { BitmapFactory.decodeByteArray(code.png, 0, code.png.size).asImageBitmap() }
            Image(bitmap, contentDescription = code.text, filterQuality = FilterQuality.None, modifier = Modifier.fillMaxWidth())
            Text(code.text, style = MaterialTheme.typography.bodySmall)
        }
    }
}
