// The list of children on this device, with "add" and "join with an invite".
package jp.tsunagu.app.ui

import androidx.compose.foundation.clickable
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.lazy.LazyColumn
import androidx.compose.foundation.lazy.items
import androidx.compose.material3.Button
import androidx.compose.material3.ListItem
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableIntStateOf
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
import jp.tsunagu.ffi.ProfileListItem
import kotlinx.coroutines.launch

@Composable
fun ProfileListScreen(t: Tsunagu, open: (String) -> Unit, join: () -> Unit) {
    val scope = rememberCoroutineScope()
    var profiles by remember { mutableStateOf<List<ProfileListItem>>(emptyList()) }
    var error by remember { mutableStateOf<String?>(null) }
    var reload by remember { mutableIntStateOf(0) }
    LaunchedEffect(reload) {
        try {
            profiles = t.profiles()
        } catch (e: TsunaguException) {
            error = describe(e)
        }
    }
    fun add(block: suspend () -> String) = scope.launch {
        try {
            open(block())
            reload++
        } catch (e: TsunaguException) {
            error = describe(e)
        }
    }
    Column(Modifier.padding(16.dp)) {
        Text(w("app-profiles"), style = MaterialTheme.typography.headlineMedium)
        error?.let { Text(it, color = MaterialTheme.colorScheme.error) }
        if (profiles.isEmpty()) Text(w("app-no-profiles"))
        LazyColumn(Modifier.weight(1f)) {
            items(profiles, key = { it.id }) { p ->
                ListItem(
                    headlineContent = { Text(p.name ?: p.id) },
                    supportingContent = { p.nameKana?.let { Text(it) } },
                    modifier = Modifier.clickable { open(p.id) },
                )
            }
        }
        Row {
            Button(onClick = { add { t.createEmpty(author()) } }) { Text(w("app-add-empty")) }
            Button(onClick = { add { t.createSample(author()) } }, Modifier.padding(start = 8.dp)) {
                Text(w("app-add-sample"))
            }
        }
        Button(onClick = join, Modifier.padding(top = 8.dp)) { Text(w("app-join")) }
    }
}
