// The edit screen: renders jp.tsunagu.EditForm (the core's form model with the profile's
// values). Sections → typed inputs by kind (number with unit, date, choice, yes/no, phone, text),
// "add a device" by kind, the warning dialog to confirm unusual values, and review items
// ("values differ — check") to resolve. No rule lives here: the core checks every input as typed.
// A device with no name for the profile is asked for one (and a role) before its first edit: the
// core refuses an edit without it, and every member sees the name beside the change.
// Not compiled in this repository's CI (no Android SDK); the view model is tested on the JVM.
package jp.tsunagu.app.ui

import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.lazy.LazyColumn
import androidx.compose.foundation.lazy.items
import androidx.compose.foundation.text.KeyboardOptions
import androidx.compose.material3.AlertDialog
import androidx.compose.material3.Button
import androidx.compose.material3.DropdownMenu
import androidx.compose.material3.DropdownMenuItem
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Switch
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.rememberCoroutineScope
import androidx.compose.runtime.setValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.text.input.KeyboardType
import androidx.compose.ui.unit.dp
import jp.tsunagu.EditForm
import jp.tsunagu.FieldInput
import jp.tsunagu.ReviewInputs
import jp.tsunagu.SaveResult
import jp.tsunagu.SectionInputs
import jp.tsunagu.Tsunagu
import jp.tsunagu.TsunaguException
import jp.tsunagu.Warning
import jp.tsunagu.app.author
import jp.tsunagu.app.uiLang
import jp.tsunagu.app.w
import kotlinx.coroutines.launch

@Composable
fun EditScreen(t: Tsunagu, id: String, initialPath: String, done: () -> Unit) {
    val scope = rememberCoroutineScope()
    var form by remember { mutableStateOf<EditForm?>(null) }
    // EditForm is a plain object: every change publishes a new snapshot of its sections here.
    var sections by remember { mutableStateOf<List<SectionInputs>>(emptyList()) }
    var reviews by remember { mutableStateOf<List<ReviewInputs>>(emptyList()) }
    var warnings by remember { mutableStateOf<List<Warning>>(emptyList()) }
    var error by remember { mutableStateOf<String?>(null) }
    // Asking for this device's name: before the first edit, or when a save was refused for it.
    var askName by remember { mutableStateOf(false) }
    var saveAfterName by remember { mutableStateOf(false) }
    LaunchedEffect(id) {
        try {
            val f = EditForm.load(t, id, uiLang(), author())
            form = f
            sections = f.sections
            reviews = f.reviewItems()
            askName = f.needsDeviceName
        } catch (e: TsunaguException) {
            error = describe(e)
        }
    }
    val f = form ?: return
    fun typed(path: String, text: String) {
        f.type(path, text)
        sections = f.sections
    }
    fun handle(result: SaveResult) {
        when (result) {
            is SaveResult.Done -> { t.sync.refresh(); done() }
            is SaveResult.FieldError -> { error = "${result.label}: ${result.message}"; sections = f.sections }
            is SaveResult.NeedsConfirmation -> warnings = result.warnings
            is SaveResult.NeedsDeviceName -> { error = result.message; saveAfterName = true; askName = true }
        }
    }
    fun launchSave(confirm: Boolean) = scope.launch {
        try {
            handle(if (confirm) f.confirmAndSave() else f.save())
        } catch (e: TsunaguException) {
            error = describe(e)
        }
    }

    Column(Modifier.padding(16.dp)) {
        Text(w("app-edit"), style = MaterialTheme.typography.headlineSmall)
        error?.let { Text(it, color = MaterialTheme.colorScheme.error) }
        LazyColumn(Modifier.weight(1f)) {
            items(reviews) { r ->
                ReviewCard(r) { choice ->
                    scope.launch {
                        try {
                            f.resolve(r.path, choice)
                            reviews = f.reviewItems()
                            sections = f.sections
                        } catch (e: TsunaguException) {
                            error = describe(e)
                        }
                    }
                }
            }
            // The section of the line the screen was opened from comes first.
            items(sections.sortedBy { if (initialPath.startsWith(it.info.key)) 0 else 1 }) { s ->
                SectionCard(
                    s,
                    onType = ::typed,
                    onAdd = { collection ->
                        if (collection != "devices") f.addEntity(collection)
                        sections = f.sections
                    },
                    onAddDevice = { kind -> f.addDevice(kind); sections = f.sections },
                )
            }
        }
        Row {
            Button(onClick = { launchSave(confirm = false) }) { Text(w("app-save")) }
            TextButton(onClick = done) { Text(w("app-cancel")) }
        }
    }

    if (askName) {
        DeviceNameDialog(
            onName = { name, role ->
                scope.launch {
                    val problem = f.nameDevice(name, role)
                    if (problem == null) {
                        askName = false
                        error = null
                        if (saveAfterName) { saveAfterName = false; launchSave(confirm = false) }
                    } else {
                        error = problem
                    }
                }
            },
            onCancel = { askName = false; if (f.needsDeviceName) done() },
        )
    }

    if (warnings.isNotEmpty()) {
        AlertDialog(
            onDismissRequest = { warnings = emptyList() },
            title = { Text(w("app-confirm-title")) },
            text = { Column { warnings.forEach { Text(it.message) } } },
            confirmButton = {
                Button(onClick = { warnings = emptyList(); launchSave(confirm = true) }) { Text(w("app-confirm-save")) }
            },
            dismissButton = { TextButton(onClick = { warnings = emptyList() }) { Text(w("app-cancel")) } },
        )
    }
}

@Composable
private fun SectionCard(
    s: SectionInputs,
    onType: (String, String) -> Unit,
    onAdd: (String) -> Unit,
    onAddDevice: (String) -> Unit,
) {
    Column(Modifier.padding(vertical = 8.dp)) {
        Text(s.info.label, style = MaterialTheme.typography.titleMedium)
        s.fields.forEach { Input(it, onType) }
        s.entities.forEach { e ->
            Column(Modifier.padding(start = 12.dp, top = 8.dp)) {
                e.fields.forEach { Input(it, onType) }
            }
        }
        for (collection in s.collections) {
            if (collection == "devices") {
                // "Add a device" by kind: the kind's options come from the form model.
                val kinds = s.info.fields.firstOrNull { it.key == "devices.kind" }?.options.orEmpty()
                var open by remember { mutableStateOf(false) }
                TextButton(onClick = { open = true }) { Text(w("app-add-device")) }
                DropdownMenu(open, { open = false }) {
                    kinds.forEach { k ->
                        DropdownMenuItem(text = { Text(k.label) }, onClick = { open = false; onAddDevice(k.value) })
                    }
                }
            } else {
                TextButton(onClick = { onAdd(collection) }) { Text(w("app-add-entry")) }
            }
        }
    }
}

/** One input, by the core's input kind. */
@Composable
private fun Input(f: FieldInput, onType: (String, String) -> Unit) {
    val label = if (f.info.unit != null) "${f.info.label} (${f.info.unit})" else f.info.label
    Column(Modifier.fillMaxWidth().padding(vertical = 4.dp)) {
        when (f.info.kind) {
            "yes_no" -> Row {
                Text(label, Modifier.weight(1f))
                Switch(f.text == "true", { onType(f.path, it.toString()) })
            }
            "choice" -> {
                var open by remember { mutableStateOf(false) }
                val current = f.info.options.firstOrNull { it.value == f.text }?.label ?: f.text
                TextButton(onClick = { open = true }) { Text("$label: $current") }
                DropdownMenu(open, { open = false }) {
                    f.info.options.forEach { o ->
                        DropdownMenuItem(text = { Text(o.label) }, onClick = { open = false; onType(f.path, o.value) })
                    }
                }
            }
            else -> OutlinedTextField(
                f.text,
                { onType(f.path, it) },
                label = { Text(label) },
                supportingText = { Text(f.error ?: f.info.help) },
                isError = f.error != null,
                singleLine = f.info.kind != "long_text",
                keyboardOptions = KeyboardOptions(
                    keyboardType = when (f.info.kind) {
                        "number" -> KeyboardType.Decimal
                        "phone" -> KeyboardType.Phone
                        else -> KeyboardType.Text
                    },
                ),
                modifier = Modifier.fillMaxWidth(),
            )
        }
        if (f.info.kind in setOf("yes_no", "choice")) f.error?.let { Text(it, color = MaterialTheme.colorScheme.error) }
    }
}

/** This device's name and role in the profile, asked once before its first edit. */
@Composable
private fun DeviceNameDialog(onName: (String, String) -> Unit, onCancel: () -> Unit) {
    var name by remember { mutableStateOf("") }
    var role by remember { mutableStateOf("") }
    AlertDialog(
        onDismissRequest = onCancel,
        title = { Text(w("app-device-name-title")) },
        text = {
            Column {
                Text(w("app-device-name-why"))
                OutlinedTextField(name, { name = it }, label = { Text(w("app-device-name")) }, singleLine = true)
                OutlinedTextField(role, { role = it }, label = { Text(w("app-device-role")) }, singleLine = true)
            }
        },
        confirmButton = { Button(onClick = { onName(name, role) }) { Text(w("app-device-name-save")) } },
        dismissButton = { TextButton(onClick = onCancel) { Text(w("app-cancel")) } },
    )
}

/** A field whose values differ between devices: every value with who wrote it, and "keep this". */
@Composable
private fun ReviewCard(r: ReviewInputs, keep: (Int) -> Unit) {
    Column(Modifier.padding(vertical = 8.dp)) {
        Text(w("review-values-differ"), color = MaterialTheme.colorScheme.error)
        Text(r.label, style = MaterialTheme.typography.titleSmall)
        r.values.forEach { v ->
            Row {
                Text("${v.text} — ${v.author.orEmpty()}", Modifier.weight(1f))
                TextButton(onClick = { keep(v.index) }) { Text(w("app-review-keep")) }
            }
        }
    }
}
