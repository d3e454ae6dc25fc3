// Helpers shared by the JVM tests: temporary directories and a real relay process on loopback.
package jp.tsunagu

import java.io.File
import java.nio.file.Files
import java.util.concurrent.TimeUnit

/** A fresh temporary directory, deleted when the JVM exits. */
fun tempDir(prefix: String): File = Files.createTempDirectory(prefix).toFile().also { it.deleteOnExit() }

/**
 * The `tsunagu-relay` binary built by cargo (path in the `tsunagu.relay` system property),
 * started on 127.0.0.1 with port 0; its address is read from its "relay listening" log line.
 */
class RelayProcess private constructor(private val process: Process, val url: String) : AutoCloseable {
    companion object {
        private val LISTENING = Regex("\"message\":\"relay listening\",\"addr\":\"([^\"]+)\"")

        fun start(db: File): RelayProcess {
            val bin = System.getProperty("tsunagu.relay") ?: error("set -Dtsunagu.relay=PATH to the tsunagu-relay binary")
            val process = ProcessBuilder(bin, "--listen", "127.0.0.1:0", "--db", db.absolutePath)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start()
            val stderr = process.errorStream.bufferedReader()
            val deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30)
            var addr: String? = null
            while (addr == null && System.nanoTime() < deadline) {
                val line = stderr.readLine() ?: break
                addr = LISTENING.find(line)?.groupValues?.get(1)
            }
            if (addr == null) {
                process.destroyForcibly()
                error("the relay did not report its address")
            }
            // Keep draining its log so the pipe never fills and blocks it.
            Thread {
                try {
                    stderr.useLines { lines -> lines.forEach { } }
                } catch (_: java.io.IOException) {
                    // The process was stopped and its pipe closed.
                }
            }.apply { isDaemon = true }.start()
            return RelayProcess(process, "http://$addr")
        }
    }

    override fun close() {
        process.destroy()
        if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly().waitFor()
    }
}
