// The process-wide Tsunagu store: one SQLite file in the app's private files directory.
package jp.tsunagu.app

import android.app.Application
import java.io.File
import java.util.Locale
import jp.tsunagu.Tsunagu
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Deferred
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.async

/** Opens the store once, off the main thread; screens await [tsunagu]. */
class TsunaguApplication : Application() {
    val scope = CoroutineScope(SupervisorJob() + Dispatchers.Main)
    lateinit var tsunagu: Deferred<Tsunagu>
        private set

    override fun onCreate() {
        super.onCreate()
        val file = File(filesDir, "tsunagu.sqlite3")
        tsunagu = scope.async { Tsunagu.open(file.path) }
    }
}

/** The UI language: Japanese on a Japanese phone, English otherwise. */
fun uiLang(): String = if (Locale.getDefault().language == "ja") "ja" else "en"

/** A word of the app, from the core's Fluent messages. */
fun w(id: String, vararg args: Pair<String, Any>): String = Tsunagu.message(uiLang(), id, *args)

/**
 * The author passed with this device's edits: empty, so the core records the device's own name
 * for the profile, which the edit screen asks for (with a role) before the first edit. A generic
 * word such as "parent" would hide who made a change from the other members.
 */
fun author(): String = ""
