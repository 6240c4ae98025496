/** The ratio's denominator: a bare Fastify answering "hello", on the same machine, in its own process. */
import Fastify from 'fastify'

const app = Fastify({ logger: false })
app.get('/', async () => 'hello')
await app.listen({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1' })
