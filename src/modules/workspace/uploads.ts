/**
 * What the workspace accepts as a material or page image: documents, images, audio and video, archives. The file
 * name's extension decides the type, and the type the browser declares must agree with it (or be the generic
 * application/octet-stream some browsers send). Anything else, HTML, SVG, scripts and programs above all, is
 * refused: those could run in the portal's origin or on a member's computer.
 */
const TYPES: Record<string, { type: string; also?: string[] }> = {
  pdf: { type: 'application/pdf' },
  doc: { type: 'application/msword' },
  docx: { type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' },
  xls: { type: 'application/vnd.ms-excel' },
  xlsx: { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
  ppt: { type: 'application/vnd.ms-powerpoint' },
  pptx: { type: 'application/vnd.openxmlformats-officedocument.presentationml.presentation' },
  odt: { type: 'application/vnd.oasis.opendocument.text' },
  ods: { type: 'application/vnd.oasis.opendocument.spreadsheet' },
  odp: { type: 'application/vnd.oasis.opendocument.presentation' },
  rtf: { type: 'application/rtf', also: ['text/rtf'] },
  txt: { type: 'text/plain' },
  csv: { type: 'text/csv', also: ['application/vnd.ms-excel', 'text/plain'] },
  png: { type: 'image/png' },
  jpg: { type: 'image/jpeg', also: ['image/pjpeg'] },
  jpeg: { type: 'image/jpeg', also: ['image/pjpeg'] },
  gif: { type: 'image/gif' },
  webp: { type: 'image/webp' },
  mp3: { type: 'audio/mpeg', also: ['audio/mp3'] },
  wav: { type: 'audio/wav', also: ['audio/x-wav', 'audio/wave'] },
  ogg: { type: 'audio/ogg', also: ['video/ogg', 'application/ogg'] },
  m4a: { type: 'audio/mp4', also: ['audio/x-m4a'] },
  mp4: { type: 'video/mp4' },
  webm: { type: 'video/webm', also: ['audio/webm'] },
  mov: { type: 'video/quicktime' },
  zip: { type: 'application/zip', also: ['application/x-zip-compressed'] },
  '7z': { type: 'application/x-7z-compressed' },
}

/** The extensions offered in the upload field's hint and its accept attribute. */
export const ALLOWED_EXTENSIONS = Object.keys(TYPES)

const IMAGE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp'])
/** Types a browser may show inline: a file claiming one must really be one, as its first bytes tell. */
export const CHECKED_BY_BYTES = new Set([...IMAGE_TYPES, 'application/pdf'])

/** The media type a file is stored and served with, or null when its name or declared type is not allowed. */
export function acceptedMediaType(fileName: string, declared: string): string | null {
  const extension = /\.([a-z0-9]{1,5})$/i.exec(fileName)?.[1]?.toLowerCase()
  const entry = extension ? TYPES[extension] : undefined
  if (!entry) return null
  const given = declared.split(';')[0]?.trim().toLowerCase() ?? ''
  const agrees = given === entry.type || given === 'application/octet-stream' || entry.also?.includes(given)
  return agrees ? entry.type : null
}

export const isImageType = (mediaType: string): boolean => IMAGE_TYPES.has(mediaType)
