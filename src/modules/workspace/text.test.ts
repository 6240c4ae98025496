import assert from 'node:assert/strict'
import { test } from 'node:test'
import { sanitizePage } from './sanitize.ts'
import { mentions } from './service.ts'
import { acceptedMediaType } from './uploads.ts'

const PROJECT = '0190a0a0-0000-7000-8000-000000000001'
const FILE = '0190a0a0-0000-7000-8000-0000000000ff'

test('sanitizePage keeps the allowed structure and drops everything that could run or track', () => {
  const clean = sanitizePage(
    [
      '<h2 style="color:red">Plan</h2><p onmouseover="x()">Text <em>here</em></p>',
      '<a href="javascript:alert(1)">js</a><a href="JAVASCRIPT:alert(1)">js2</a><a href="mailto:a@b.org">mail</a>',
      '<a href="//evil.example/x">protocol-relative</a>',
      `<img src="/projects/${PROJECT}/workspace/files/${FILE}" onerror="x()" alt="own">`,
      `<img src="/projects/0190a0a0-0000-7000-8000-000000000002/workspace/files/${FILE}">`,
      '<img src="data:image/png;base64,AAAA"><svg onload="x()"><circle/></svg><style>p{}</style>',
      '<table><tr><th scope="col">A</th></tr><tr><td colspan="2">1</td></tr></table><h1>Big</h1><form><input></form>',
    ].join(''),
    PROJECT,
  )
  assert.doesNotMatch(
    clean,
    /script|javascript|onerror|onmouseover|onload|style|svg|data:|evil|<h1|<form|<input/i,
  )
  assert.match(clean, /^<h2>Plan<\/h2><p>Text <em>here<\/em><\/p>/)
  assert.match(clean, /<a href="mailto:a@b.org" rel="noopener nofollow">mail<\/a>/)
  assert.match(clean, new RegExp(`<img src="/projects/${PROJECT}/workspace/files/${FILE}" alt="own" />`))
  assert.equal(clean.match(/<img/g)?.length, 1, "another project's image is dropped")
  assert.match(clean, /<th scope="col">A<\/th>/)
  assert.match(clean, /Big/)
})

test('mentions: "@Name" in any case, never a longer name that starts the same', () => {
  assert.equal(mentions('Thanks @aysel mammadova!', 'Aysel Mammadova'), true)
  assert.equal(mentions('@Ali, look', 'Ali'), true)
  assert.equal(mentions('@Alina, look', 'Ali'), false)
  assert.equal(mentions('mail ali@example.org', 'Ali'), false)
  assert.equal(mentions('@Ali (the younger)', 'Ali (the younger)'), true)
})

test('uploads: the extension decides, the declared type must agree, web content and programs never pass', () => {
  assert.equal(acceptedMediaType('Report.PDF', 'application/pdf'), 'application/pdf')
  assert.equal(acceptedMediaType('photo.jpeg', 'application/octet-stream'), 'image/jpeg')
  assert.equal(acceptedMediaType('photo.jpg', 'text/html'), null)
  for (const name of [
    'a.html',
    'a.htm',
    'a.svg',
    'a.js',
    'a.exe',
    'a.bat',
    'a.xhtml',
    'noextension',
    'a.pdf.html',
  ])
    assert.equal(acceptedMediaType(name, 'application/octet-stream'), null, name)
})
