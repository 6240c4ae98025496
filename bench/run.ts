/**
 * Benchmarks run against the real server with autocannon; scenarios arrive with the features they measure
 * (partner search first). Until then there is nothing honest to measure beyond Fastify itself.
 */
console.log('no scenarios yet')
