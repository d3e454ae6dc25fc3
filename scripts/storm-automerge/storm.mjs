// The automerge-repo baseline of scripts/storm: the same storm shape as relay/examples/storm on
// automerge-repo's own stack (2.5.6: WebSocket server with NodeFS storage, one Repo and one
// WebSocket per device). N profiles × 3 devices; set-up (not timed): the owner creates the demo
// profile, two editors fetch it; then each device, offline, makes 3 single-field edits (one field
// edited by all three); then all devices reconnect at once (timed) until every profile's three
// heads are equal; then checks that every edit is present. Prints one JSON line (the same fields
// as the Rust storm's --summary) and appends it to --summary.
//   node storm.mjs --profiles 200 --demo demo.json [--server-cpus 1] [--summary FILE]
// Run pinned (`taskset -c 0 node storm.mjs …`); the server runs under `taskset -c SERVER_CPUS`.
import { spawn } from "node:child_process"
import { readFileSync, appendFileSync, mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { createServer } from "node:net"
import * as A from "@automerge/automerge"
import { Repo } from "@automerge/automerge-repo"
import { WebSocketClientAdapter } from "@automerge/automerge-repo-network-websocket"

const args = Object.fromEntries(
  process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith("--") ? [...acc, [a.slice(2), all[i + 1]]] : acc), []),
)
const N = Number(args.profiles ?? 200)
const demo = JSON.parse(readFileSync(args.demo, "utf8"))
const setupConcurrency = Number(args["setup-concurrency"] ?? 32)
const timeLimitMs = Number(args["time-limit"] ?? 600) * 1000
const label = args.label ?? "automerge-repo"
const sleep = (ms) => new Promise((r) => setTimeout(r, ms))

// ---- the edits: the same fields and values as relay/examples/storm/edits.rs ----
const SHARED = "evacuation.route"
const sharedValue = (d) => `避難経路 ${d}: 東小学校へ徒歩 (device ${d})`
const ownEdits = (d) =>
  [
    [["devices.dev-vent.settings.ventilator.peep", 6.0], ["child.nickname", "さく"]],
    [["baseline.spo2_low", 92.0], ["devices.dev-vent.settings.ventilator.rate", 22.0]],
    [["child.weight.kg", 15.8], ["baseline.heart_rate_high", 125.0]],
  ][d]
function setPath(doc, path, value) {
  const parts = path.split(".")
  let o = doc
  for (const p of parts.slice(0, -1)) {
    if (o[p] === undefined || o[p] === null) o[p] = {}
    o = o[p]
  }
  o[parts[parts.length - 1]] = value
}
// JSON with keys sorted: the same document may list a map's keys in another order.
const canonical = (v) =>
  Array.isArray(v)
    ? `[${v.map(canonical).join(",")}]`
    : v && typeof v === "object"
      ? `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`).join(",")}}`
      : JSON.stringify(v)
const getPath = (doc, path) => path.split(".").reduce((o, p) => (o == null ? undefined : o[p]), doc)

// ---- a device's storage: in memory, kept across its "app restarts" ----
class MemoryStorage {
  constructor() {
    this.map = new Map()
  }
  async load(key) {
    return this.map.get(key.join("/"))
  }
  async save(key, data) {
    this.map.set(key.join("/"), data)
  }
  async remove(key) {
    this.map.delete(key.join("/"))
  }
  async loadRange(prefix) {
    const p = prefix.join("/")
    return [...this.map].filter(([k]) => k.startsWith(p)).map(([k, data]) => ({ key: k.split("/"), data }))
  }
  async removeRange(prefix) {
    const p = prefix.join("/")
    for (const k of [...this.map.keys()]) if (k.startsWith(p)) this.map.delete(k)
  }
}

// ---- the server process and what it costs ----
const freePort = () =>
  new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address()
      s.close(() => resolve(port))
    })
  })
const procStat = (pid) => {
  try {
    const after = readFileSync(`/proc/${pid}/stat`, "utf8").split(")").pop().trim().split(/\s+/)
    return (Number(after[11]) + Number(after[12])) / 100
  } catch {
    return NaN
  }
}
const rssKb = (pid, field) => {
  try {
    const line = readFileSync(`/proc/${pid}/status`, "utf8").split("\n").find((l) => l.startsWith(field))
    return Number(line.split(/\s+/)[1])
  } catch {
    return NaN
  }
}
const machineBusy = () => {
  const f = readFileSync("/proc/stat", "utf8").split("\n")[0].split(/\s+/).slice(1).map(Number)
  return (f[0] + f[1] + f[2] + f[5] + f[6] + f[7]) / 100
}

const port = await freePort()
const dir = mkdtempSync(join(args.dir ?? tmpdir(), "tsunagu-storm-am-"))
const serverCmd = args["server-cpus"]
  ? ["taskset", ["-c", args["server-cpus"], process.execPath, new URL("server.mjs", import.meta.url).pathname, String(port), dir]]
  : [process.execPath, [new URL("server.mjs", import.meta.url).pathname, String(port), dir]]
const server = spawn(serverCmd[0], serverCmd[1], { stdio: ["ignore", "inherit", "inherit", "ipc"] })
let serverDied = null
server.on("exit", (code, signal) => (serverDied = `server exited (${code ?? signal})`))
const replies = []
server.on("message", (m) => replies.push(m))
const ask = async (cmd) => {
  const before = replies.length
  server.send({ cmd })
  for (let i = 0; i < 200 && replies.length === before; i++) await sleep(10)
  return replies[replies.length - 1]
}
for (let i = 0; i < 500 && !replies.some((r) => r.ready); i++) await sleep(20)
if (!replies.some((r) => r.ready)) throw new Error("the automerge-repo server did not start")
const url = `ws://127.0.0.1:${port}`
const pid = server.pid
console.log(`automerge-repo storm: ${N} profiles × 3 devices; server pid ${pid} at ${url}`)

const online = (storage) => new Repo({ storage, network: [new WebSocketClientAdapter(url)], sharePolicy: async () => true })
const offline = (storage) => new Repo({ storage, network: [] })

// ---- setup (not timed) ----
async function findRetrying(repo, docUrl) {
  for (let i = 0; i < 50; i++) {
    try {
      return await repo.find(docUrl)
    } catch {
      await sleep(100)
    }
  }
  throw new Error("find: document never became available")
}
async function setupProfile() {
  const storages = [new MemoryStorage(), new MemoryStorage(), new MemoryStorage()]
  const owner = online(storages[0])
  const handle = owner.create(structuredClone(demo))
  const editors = [online(storages[1]), online(storages[2])]
  const found = await Promise.all(editors.map((r) => findRetrying(r, handle.url)))
  // Everyone holds the owner's document before going offline.
  for (let i = 0; i < 100 && !found.every((h) => A.equals(h.heads(), handle.heads())); i++) await sleep(50)
  for (const repo of [owner, ...editors]) {
    await repo.flush()
    await repo.shutdown()
  }
  return { url: handle.url, storages }
}
const setupStart = Date.now()
const profiles = []
{
  let next = 0
  const worker = async () => {
    while (next < N) {
      next += 1
      profiles.push(await setupProfile())
      if (serverDied) throw new Error(serverDied)
    }
  }
  await Promise.all(Array.from({ length: setupConcurrency }, worker))
}
const setupS = (Date.now() - setupStart) / 1000
console.log(`setup: ${N} profiles in ${setupS.toFixed(1)} s`)

// ---- offline edits ----
let changeBytes = 0
for (const p of profiles) {
  for (let d = 0; d < 3; d++) {
    const repo = offline(p.storages[d])
    const handle = await repo.find(p.url)
    const before = handle.doc()
    for (const [path, value] of [[SHARED, sharedValue(d)], ...ownEdits(d)]) {
      handle.change((doc) => setPath(doc, path, value))
    }
    changeBytes += A.getChanges(before, handle.doc()).reduce((sum, c) => sum + c.length, 0)
    await repo.flush()
    await repo.shutdown()
  }
}

// ---- the storm (timed) ----
await ask("reset")
try {
  const { writeFileSync } = await import("node:fs")
  writeFileSync(`/proc/${pid}/clear_refs`, "5")
} catch {}
const cpuBefore = procStat(pid)
const meBefore = procStat(process.pid)
const busyBefore = machineBusy()
const start = Date.now()
const live = profiles.map((p) => ({ ...p, repos: [], handles: [], convergedAfter: null }))
await Promise.all(
  live.map(async (p) => {
    p.repos = p.storages.map(online)
    p.handles = await Promise.all(p.repos.map((r) => r.find(p.url)))
  }),
)
let pending = live.length
while (pending > 0 && Date.now() - start < timeLimitMs && !serverDied) {
  pending = 0
  for (const p of live) {
    if (p.convergedAfter !== null) continue
    const [a, b, c] = p.handles.map((h) => h.heads())
    if (A.equals(a, b) && A.equals(a, c)) p.convergedAfter = (Date.now() - start) / 1000
    else pending += 1
  }
  if (pending > 0) await sleep(20)
}
const wall = (Date.now() - start) / 1000
const serverCpu = procStat(pid) - cpuBefore
const meCpu = procStat(process.pid) - meBefore
const others = Math.max(0, machineBusy() - busyBefore - serverCpu - meCpu)
const stats = await ask("stats")
const hwm = rssKb(pid, "VmHWM:")

// ---- checks ----
let failures = 0
for (const p of live) {
  const views = p.handles.map((h) => canonical(h.doc()))
  const doc = p.handles[0].doc()
  const ok =
    p.convergedAfter !== null &&
    views[0] === views[1] &&
    views[0] === views[2] &&
    [0, 1, 2].some((d) => getPath(doc, SHARED) === sharedValue(d)) &&
    [0, 1, 2].every((d) => ownEdits(d).every(([path, value]) => getPath(doc, path) === value))
  if (!ok) failures += 1
}
const converged = live.filter((p) => p.convergedAfter !== null)
const summary = {
  label,
  profiles: N,
  waves: 1,
  relays: 1,
  backend: "automerge-repo NodeFS",
  balancer: false,
  converged: converged.length,
  verified: failures === 0 && !serverDied,
  converged_s: Math.max(0, ...converged.map((p) => p.convergedAfter)),
  requests: stats.messages,
  non_2xx: 0,
  relay_cpu_s: serverCpu,
  lb_cpu_s: 0,
  pg_cpu_s: 0,
  generator_cpu_s: meCpu,
  others_cpu_s: others,
  relay_p50_ms: null,
  relay_p99_ms: null,
  relay_service_p50_ms: null,
  relay_service_p99_ms: null,
  client_p99_ms: null,
  bytes_per_profile: (stats.bytesIn + stats.bytesOut) / N,
  floor_per_profile: (3 * changeBytes) / N,
  relay_rss_mb: hwm / 1024,
  relay_rss_sum_mb: hwm / 1024,
}
console.log(
  `storm: ${converged.length}/${N} converged, last after ${summary.converged_s.toFixed(2)} s (wall ${wall.toFixed(2)} s); ` +
    `${stats.messages} messages to the server; ${(summary.bytes_per_profile / 1024).toFixed(2)} KB per profile ` +
    `(WebSocket payloads, floor ${(summary.floor_per_profile / 1024).toFixed(2)} KB); server CPU ${serverCpu.toFixed(2)} s, ` +
    `RSS peak ${summary.relay_rss_mb.toFixed(1)} MB; generator CPU ${meCpu.toFixed(2)} s; others ${others.toFixed(2)} s; ` +
    `checks: ${summary.verified ? "every profile converged, every edit present" : `FAILED (${failures} profiles)`}` +
    (serverDied ? `; ${serverDied}` : ""),
)
if (args.summary) appendFileSync(args.summary, JSON.stringify(summary) + "\n")
await Promise.all(live.flatMap((p) => p.repos.map((r) => r.shutdown().catch(() => {}))))
server.kill("SIGKILL")
rmSync(dir, { recursive: true, force: true })
process.exit(summary.verified ? 0 : 1)
