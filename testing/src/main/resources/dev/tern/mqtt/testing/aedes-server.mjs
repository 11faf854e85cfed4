// An Aedes MQTT broker for Tern's tests, started by dev.tern.mqtt.testing.Aedes.
// Usage: node aedes-server.mjs AEDES_HOME HOST
//   AEDES_HOME holds node_modules/aedes (npm install --prefix AEDES_HOME aedes@VERSION)
// Listens on HOST on a port the OS picks, then prints one line the launcher waits for:
//   tern-aedes listening on HOST:PORT (aedes VERSION)
// Exits when its standard input closes (the JVM that started it is gone) or on SIGTERM.
import net from 'node:net'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'

const [home, host] = process.argv.slice(2)
if (!home || !host) {
  console.error('usage: node aedes-server.mjs AEDES_HOME HOST')
  process.exit(2)
}

// Resolve aedes from AEDES_HOME, not from this script's folder; works for the ESM 1.x and the CommonJS 0.x API.
const require = createRequire(join(home, 'package.json'))
const version = require(join(home, 'node_modules', 'aedes', 'package.json')).version
const mod = await import(pathToFileURL(require.resolve('aedes')).href)
const AedesClass = mod.Aedes ?? mod.default?.Aedes
const broker = AedesClass?.createBroker
  ? await AedesClass.createBroker()
  : (mod.default ?? mod)()

broker.on('clientError', (client, err) => {
  console.error(`client error ${client ? client.id : '?'}: ${err.message}`)
})

const server = net.createServer((socket) => {
  socket.setNoDelay(true) // without it every QoS 1/2 round trip waits for delayed ACKs
  broker.handle(socket)
})
server.on('error', (err) => {
  console.error(`server error: ${err.message}`)
  process.exit(1)
})
server.listen(0, host, () => {
  const address = server.address()
  console.log(`tern-aedes listening on ${address.address}:${address.port} (aedes ${version})`)
})

process.stdin.on('end', () => process.exit(0))
process.stdin.on('error', () => process.exit(0))
process.stdin.resume()
process.on('SIGTERM', () => process.exit(0))
