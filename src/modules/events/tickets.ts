import QRCode from 'qrcode'

/** Where a ticket's QR code leads: the organiser's check-in page for that ticket (their phone's camera opens it). */
export function checkInUrl(baseUrl: string, slug: string, ticket: string): string {
  return `${baseUrl.replace(/\/$/, '')}/events/${encodeURIComponent(slug)}/check-in/${encodeURIComponent(ticket)}`
}

/**
 * The ticket's QR code as an SVG document. It is drawn on the server, so the ticket shows (and prints) without
 * any script; error correction M survives a scratched printout or a cracked phone screen. 240 px fits the
 * narrowest phone and is read from arm's length.
 */
export function ticketQrSvg(url: string): Promise<string> {
  return QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2, width: 240 })
}
