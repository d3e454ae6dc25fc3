// The Android build of Tsunagu: :tsunagu (the Kotlin library: generated bindings + jp.tsunagu
// wrapper + the Rust core cross-compiled with cargo-ndk) and :app (the Jetpack Compose shell).
pluginManagement {
    repositories {
        google()
        mavenCentral()
        gradlePluginPortal()
    }
}

dependencyResolutionManagement {
    repositoriesMode.set(RepositoriesMode.FAIL_ON_PROJECT_REPOS)
    repositories {
        google()
        mavenCentral()
    }
}

rootProject.name = "tsunagu-android"
include(":tsunagu", ":app")
