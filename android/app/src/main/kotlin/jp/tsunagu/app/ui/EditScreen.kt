// A generic edit form: a field path (prefilled when opened from a view line) and a new value.
// The core checks the value; its field errors are shown as they come.
package jp.tsunagu.app.ui

import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.padding
import androidx.compose.material3.Button
import androidx.compose.material3.Checkbox
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.rememberCoroutineScope
import androidx.compose.runtime.setValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.unit.dp
import jp.tsunagu.Tsunagu
import jp.tsunagu.TsunaguException
import jp.tsunagu.app.author
import jp.tsunagu.app.w
import kotlinx.coroutines.launch

@Composable
fun EditScreen(t: Tsunagu, id: String, initialPath: String, done: () -> Unit) {
    val scope = rememberCoroutineScope()
    var path by remember { mutableStateOf(initialPath) }
    var value by remember { mutableStateOf("") }
    var asJson by remember { mutableStateOf(false) }
    var error by remember { mutableStateOf<String?>(null) }
    Column(Modifier.padding(16.dp)) {
        Text(w("app-edit"), style = MaterialTheme.typography.headlineSmall)
        OutlinedTextField(path, { path = it }, label = { Text(w("app-edit-path")) })
        OutlinedTextField(value, { value = it }, label = { Text(w("app-edit-value")) })
        Row {
            Checkbox(asJson, { asJson = it })
            Text("JSON", Modifier.padding(top = 12.dp))
        }
        error?.let { Text(it, color = MaterialTheme.colorScheme.error) }
        Row {
            Button(onClick = {
                scope.launch {
                    try {
                        t.edit(id, author()) { if (asJson) setJson(path, value) else set(path, value) }
                        t.sync.refresh()
                        done()
                    } catch (e: TsunaguException) {
                        error = describe(e)
                    }
                }
            }) { Text(w("app-save")) }
            TextButton(onClick = done) { Text(w("app-cancel")) }
        }
    }
}
