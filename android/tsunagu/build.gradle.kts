// :tsunagu — the Kotlin library: the uniffi-generated bindings (bindings/generated/kotlin, made by
// scripts/gen-bindings), the jp.tsunagu wrapper (src/main/kotlin) and the Rust core as .so files
// cross-compiled with cargo-ndk. src/test holds the JUnit tests that scripts/test-kotlin also
// compiles with kotlinc and runs on the host JVM: one copy of every source, two builds.
import org.gradle.api.tasks.Exec

plugins {
    alias(libs.plugins.android.library)
    alias(libs.plugins.kotlin.android)
}

val repoRoot: File = rootDir.parentFile
val generatedKotlin = File(repoRoot, "bindings/generated/kotlin")
val jniLibsOut = layout.buildDirectory.dir("rustJniLibs")

/** Builds the host library and generates the Kotlin (and Swift) bindings. */
val genBindings by tasks.registering(Exec::class) {
    workingDir = repoRoot
    commandLine("scripts/gen-bindings")
    inputs.dir(File(repoRoot, "bindings/src"))
    inputs.dir(File(repoRoot, "core/src"))
    outputs.dir(generatedKotlin)
}

/** The relay binary the host unit tests start on loopback. */
val hostRelay by tasks.registering(Exec::class) {
    workingDir = repoRoot
    commandLine("cargo", "build", "-p", "tsunagu-relay")
}

/**
 * Cross-compiles tsunagu-ffi for the device ABIs with cargo-ndk (`cargo install cargo-ndk`;
 * `rustup target add aarch64-linux-android armv7-linux-androideabi x86_64-linux-android`;
 * ANDROID_NDK_HOME set, as Android Studio's SDK Manager installs it).
 */
val cargoNdk by tasks.registering(Exec::class) {
    workingDir = repoRoot
    val out = jniLibsOut.get().asFile
    commandLine(
        "cargo", "ndk",
        "-t", "arm64-v8a", "-t", "armeabi-v7a", "-t", "x86_64",
        "--platform", "26",
        "-o", out.absolutePath,
        "build", "--release", "-p", "tsunagu-ffi",
    )
    inputs.dir(File(repoRoot, "bindings/src"))
    inputs.dir(File(repoRoot, "core/src"))
    outputs.dir(out)
}

android {
    namespace = "jp.tsunagu"
    compileSdk = 35

    defaultConfig {
        minSdk = 26
        consumerProguardFiles("consumer-rules.pro")
    }

    sourceSets["main"].kotlin.srcDir(generatedKotlin)
    sourceSets["main"].jniLibs.srcDir(jniLibsOut)

    compileOptions {
        sourceCompatibility = JavaVersion.VERSION_17
        targetCompatibility = JavaVersion.VERSION_17
    }

    testOptions {
        unitTests.all {
            // Host unit tests load the host build of the library and start a real relay.
            it.systemProperty("jna.library.path", File(repoRoot, "target/debug").absolutePath)
            it.systemProperty("tsunagu.relay", File(repoRoot, "target/debug/tsunagu-relay").absolutePath)
            it.dependsOn(hostRelay)
        }
    }
}

kotlin {
    jvmToolchain(17)
}

tasks.named("preBuild") { dependsOn(genBindings, cargoNdk) }

dependencies {
    // JNA as an AAR carries its own libjnidispatch.so per ABI.
    implementation(libs.jna) { artifact { type = "aar" } }
    api(libs.kotlinx.coroutines.android)

    testImplementation(libs.jna)
    testImplementation(libs.junit)
    testImplementation(libs.kotlin.test.junit)
}
