import assert from 'node:assert/strict'
import { test } from 'node:test'
import Fastify from 'fastify'
import { Type } from 'typebox'
import { routeValidatorCompiler } from './validation.ts'

async function appWith(querystring: ReturnType<typeof Type.Object>) {
  const app = Fastify()
  app.setValidatorCompiler(routeValidatorCompiler)
  app.get('/', { schema: { querystring } }, async (req) => ({ query: req.query }))
  app.get('/:id', { schema: { params: Type.Object({ id: Type.Integer({ minimum: 1 }) }) } }, async (req) => ({
    params: req.params,
  }))
  await app.ready()
  return app
}

test('query strings and path parameters become the schema types; text stays text', async () => {
  const app = await appWith(
    Type.Object({
      q: Type.Optional(Type.String({ maxLength: 5 })),
      kind: Type.Optional(Type.Union([Type.Literal('a'), Type.Literal('b')])),
      page: Type.Optional(Type.Integer({ minimum: 1 })),
      ratio: Type.Optional(Type.Number()),
      open: Type.Optional(Type.Boolean()),
    }),
  )
  const ok = await app.inject({ url: '/?q=12&kind=b&page=3&ratio=0.5&open=true&other=x' })
  assert.equal(ok.statusCode, 200)
  assert.deepEqual(ok.json().query, { q: '12', kind: 'b', page: 3, ratio: 0.5, open: true, other: 'x' })
  assert.deepEqual((await app.inject({ url: '/7' })).json().params, { id: 7 })
  await app.close()
})

test('text that is not the schema type is refused with the field named', async () => {
  const app = await appWith(
    Type.Object({
      q: Type.Optional(Type.String({ maxLength: 5 })),
      kind: Type.Optional(Type.Union([Type.Literal('a'), Type.Literal('b')])),
      page: Type.Optional(Type.Integer({ minimum: 1 })),
    }),
  )
  const cases: Array<[string, string]> = [
    ['page=abc', 'page'],
    ['page=0', 'page'],
    ['kind=c', 'kind'],
    ['q=toolong', 'q'],
  ]
  for (const [query, field] of cases) {
    const res = await app.inject({ url: `/?${query}` })
    assert.equal(res.statusCode, 400, query)
    assert.match(res.json().message, new RegExp(field), query)
  }
  assert.equal((await app.inject({ url: '/0' })).statusCode, 400)
  assert.equal((await app.inject({ url: '/x' })).statusCode, 400)
  await app.close()
})
