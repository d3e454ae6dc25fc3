// One child: the shelter / EMS / caregiver views and readiness, rendered from the core's view
// models as they are, plus the history, the sync bar and the ways to share.
package jp.tsunagu.app.ui

import androidx.compose.foundation.background
import androidx.compose.foundation.clickable
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.lazy.LazyColumn
import androidx.compose.foundation.lazy.items
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.ScrollableTabRow
import androidx.compose.material3.Tab
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableIntStateOf
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.setValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.graphics.Color
import androidx.compose.ui.unit.dp
import jp.tsunagu.Tsunagu
import jp.tsunagu.TsunaguException
import jp.tsunagu.app.uiLang
import jp.tsunagu.app.w
import jp.tsunagu.ffi.HistoryItem
import jp.tsunagu.ffi.ProfileView
import jp.tsunagu.ffi.ReadinessReport
import jp.tsunagu.ffi.ViewAudience
import jp.tsunagu.ffi.ViewGroup
import jp.tsunagu.ffi.ViewPriority

private val tabs = listOf("app-view-shelter", "app-view-ems", "app-view-caregiver", "app-readiness", "app-history")

@Composable
fun ProfileScreen(
    t: Tsunagu,
    id: String,
    edit: (path: String?) -> Unit,
    card: () -> Unit,
    qr: () -> Unit,
    share: () -> Unit,
) {
    var tab by remember { mutableIntStateOf(0) }
    var view by remember { mutableStateOf<ProfileView?>(null) }
    var readiness by remember { mutableStateOf<ReadinessReport?>(null) }
    var history by remember { mutableStateOf<List<HistoryItem>>(emptyList()) }
    var error by remember { mutableStateOf<String?>(null) }
    LaunchedEffect(id, tab) {
        try {
            when (tab) {
                0 -> view = t.view(id, ViewAudience.SHELTER, uiLang())
                1 -> view = t.view(id, ViewAudience.EMS, uiLang())
                2 -> view = t.view(id, ViewAudience.CAREGIVER, uiLang())
                3 -> readiness = t.readiness(id, uiLang())
                else -> history = t.history(id)
            }
        } catch (e: TsunaguException) {
            error = describe(e)
        }
    }
    Column {
        Row {
            TextButton(onClick = { edit(null) }) { Text(w("app-edit")) }
            TextButton(onClick = card) { Text(w("app-card")) }
            TextButton(onClick = qr) { Text(w("app-qr")) }
            TextButton(onClick = share) { Text(w("app-share")) }
        }
        SyncBar(t, id) { error = it }
        error?.let { Text(it, color = MaterialTheme.colorScheme.error, modifier = Modifier.padding(8.dp)) }
        ScrollableTabRow(selectedTabIndex = tab) {
            tabs.forEachIndexed { i, label -> Tab(selected = tab == i, onClick = { tab = i }, text = { Text(w(label)) }) }
        }
        when (tab) {
            in 0..2 -> view?.let { ViewBody(it, edit) }
            3 -> readiness?.let { ReadinessBody(it) }
            else -> HistoryBody(history)
        }
    }
}

private fun colorOf(p: ViewPriority): Color = when (p) {
    ViewPriority.RED -> Color(0xFFFFE0E0)
    ViewPriority.AMBER -> Color(0xFFFFF3D6)
    ViewPriority.GREEN -> Color(0xFFE3F5E1)
}

@Composable
private fun ViewBody(view: ProfileView, edit: (String?) -> Unit) {
    LazyColumn {
        item { Text(view.title, style = MaterialTheme.typography.headlineSmall, modifier = Modifier.padding(8.dp)) }
        items(view.sections, key = { it.id }) { section -> Section(section, edit) }
    }
}

@Composable
private fun Section(section: ViewGroup, edit: (String?) -> Unit) {
    Column(Modifier.fillMaxWidth().background(colorOf(section.priority)).padding(8.dp)) {
        Text(section.title, style = MaterialTheme.typography.titleMedium)
        for (item in section.items) {
            Column(Modifier.fillMaxWidth().clickable(enabled = item.source != null) { edit(item.source) }.padding(vertical = 4.dp)) {
                Text(item.label, style = MaterialTheme.typography.labelLarge)
                Text(item.value)
                item.detail?.let { Text(it, style = MaterialTheme.typography.bodySmall) }
                item.freshness.stale?.let { Text(it.message, color = MaterialTheme.colorScheme.error) }
            }
        }
    }
}

@Composable
private fun ReadinessBody(r: ReadinessReport) {
    LazyColumn(Modifier.padding(8.dp)) {
        items(r.actions) { a -> Text("[${a.severityLabel}] ${a.message}", modifier = Modifier.padding(vertical = 4.dp)) }
        items(r.devices, key = { it.deviceId }) { d ->
            Text("${d.kindLabel}${d.model?.let { " ($it)" } ?: ""}: ${"%.1f".format(d.totalMinutes / 60)} h")
        }
        items(r.stock + r.medications, key = { it.id }) { s ->
            Text("${s.name}: ${s.statusLabel}")
        }
    }
}

@Composable
private fun HistoryBody(history: List<HistoryItem>) {
    LazyColumn(Modifier.padding(8.dp)) {
        items(history, key = { it.hash }) { h ->
            Text("${h.author ?: h.actor.take(8)}: ${h.ops.joinToString { "${it.op} ${it.path}" }}")
        }
    }
}
