// The one activity: a Compose navigation graph over the screens in ui/.
package jp.tsunagu.app

import android.os.Bundle
import androidx.activity.ComponentActivity
import androidx.activity.compose.setContent
import androidx.compose.material3.MaterialTheme
import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.setValue
import androidx.navigation.compose.NavHost
import androidx.navigation.compose.composable
import androidx.navigation.compose.rememberNavController
import jp.tsunagu.Tsunagu
import jp.tsunagu.app.ui.CardScreen
import jp.tsunagu.app.ui.EditScreen
import jp.tsunagu.app.ui.JoinScreen
import jp.tsunagu.app.ui.ProfileListScreen
import jp.tsunagu.app.ui.ProfileScreen
import jp.tsunagu.app.ui.QrScreen
import jp.tsunagu.app.ui.ShareScreen

class MainActivity : ComponentActivity() {
    override fun onCreate(savedInstanceState: Bundle?) {
        super.onCreate(savedInstanceState)
        val app = application as TsunaguApplication
        setContent {
            MaterialTheme {
                var tsunagu by remember { mutableStateOf<Tsunagu?>(null) }
                LaunchedEffect(Unit) { tsunagu = app.tsunagu.await() }
                tsunagu?.let { AppNav(it) }
            }
        }
    }
}

@Composable
private fun AppNav(t: Tsunagu) {
    val nav = rememberNavController()
    NavHost(nav, startDestination = "profiles") {
        composable("profiles") {
            ProfileListScreen(t, open = { nav.navigate("profile/$it") }, join = { nav.navigate("join") })
        }
        composable("profile/{id}") { entry ->
            val id = entry.arguments?.getString("id").orEmpty()
            ProfileScreen(
                t, id,
                edit = { path -> nav.navigate("edit/$id?path=${android.net.Uri.encode(path ?: "")}") },
                card = { nav.navigate("card/$id") },
                qr = { nav.navigate("qr/$id") },
                share = { nav.navigate("share/$id") },
            )
        }
        composable("edit/{id}?path={path}") { entry ->
            EditScreen(
                t,
                entry.arguments?.getString("id").orEmpty(),
                entry.arguments?.getString("path").orEmpty(),
                done = { nav.popBackStack() },
            )
        }
        composable("card/{id}") { CardScreen(t, it.arguments?.getString("id").orEmpty()) }
        composable("qr/{id}") { QrScreen(t, it.arguments?.getString("id").orEmpty()) }
        composable("share/{id}") { ShareScreen(t, it.arguments?.getString("id").orEmpty()) }
        composable("join") {
            JoinScreen(t, joined = { id -> nav.popBackStack(); nav.navigate("profile/$id") })
        }
    }
}
