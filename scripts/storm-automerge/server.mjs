// The automerge-repo sync server of scripts/storm's baseline: automerge-repo's WebSocket server
// adapter with NodeFS storage, as its documentation sets one up. Counts the WebSocket payload
// bytes each way and answers {cmd: "stats"} / {cmd: "reset"} from its parent over IPC.
//   node server.mjs PORT STORAGE_DIR
import { WebSocketServer } from "ws"
import { Repo } from "@automerge/automerge-repo"
import { NodeWSServerAdapter } from "@automerge/automerge-repo-network-websocket"
import { NodeFSStorageAdapter } from "@automerge/automerge-repo-storage-nodefs"

const [port, dir] = process.argv.slice(2)
let bytesIn = 0
let bytesOut = 0
let messages = 0
const wss = new WebSocketServer({ host: "127.0.0.1", port: Number(port), maxPayload: 64 << 20 })
wss.on("connection", (socket) => {
  socket.on("message", (data) => {
    bytesIn += data.length
    messages += 1
  })
  const send = socket.send.bind(socket)
  socket.send = (data, ...rest) => {
    bytesOut += data.byteLength ?? data.length
    return send(data, ...rest)
  }
})
// The server stores every document it is sent and never offers documents on its own.
new Repo({
  network: [new NodeWSServerAdapter(wss)],
  storage: new NodeFSStorageAdapter(dir),
  sharePolicy: async () => false,
})
process.on("message", (m) => {
  if (m.cmd === "reset") {
    bytesIn = bytesOut = messages = 0
  }
  process.send({ bytesIn, bytesOut, messages, connections: wss.clients.size })
})
wss.on("listening", () => process.send({ ready: true }))
