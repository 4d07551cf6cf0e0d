// The renderer's Content Security Policy. The build puts it in index.html as a meta tag (the dev
// server needs inline scripts for hot reload, so only at build time); the bridge also sends it as
// a header with the page, where `frame-ancestors` works (a meta tag cannot carry it).
// pdf.js decodes some images in wasm. Shared: no Node, no DOM.
export const PAGE_CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "worker-src 'self' blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');
