# The words of `sticky protocols` (English). The titles and the notes on
# each field are the library's own (src/protocols.rs), repeated here beside
# i18n/zh/protocols.ftl for a translator: a test (cargo test --bin sticky
# protocols_view) fails when they differ from the library's, or when a
# Chinese note carries other numbers than its English one.

## What the decoder makes of the message

on-wire = { $n } bytes on the wire.
decoder-message = decoder: a message of { $len } bytes, "{ $text }"; it took { $consumed } bytes, { $after }
after-close = then the close
after-next = the next message starts at byte { $consumed }
decoder-incomplete = decoder: incomplete
decoder-invalid = decoder: invalid: { $why }
prefixes-all = decoder, on each of the { $n } shorter prefixes: incomplete, read more
prefixes-some = decoder: only { $shorter } of the { $n } shorter prefixes are incomplete
tls-records = 20000 bytes of plaintext become records of at most { $max }:
tls-record = { $header }  a record of { $len } bytes
ws-length = a masked payload of { $n } bytes: length field { $hex }
varint = varint { $n }: { $hex }
no-protocol = there is no protocol { $name }; the names are { $names }

## Each protocol's title, and the note under each field (1, 2, … in order)

title-http-length = HTTP/1.1 with Content-Length: a delimiter for the head, a length for the body
note-http-length-1 = request line, ended by CRLF
note-http-length-2 = a header line
note-http-length-3 = the body's length: 13 bytes
note-http-length-4 = an empty line: the head ends here
note-http-length-5 = the body: exactly 13 bytes, no delimiter

title-http-chunked = HTTP/1.1 chunked: a length before each chunk, and a chunk of 0 at the end
note-http-chunked-1 = status line
note-http-chunked-2 = the body comes in chunks: no length known in advance
note-http-chunked-3 = an empty line: the head ends here
note-http-chunked-4 = chunk size in hex: 5
note-http-chunked-5 = the chunk, then CRLF
note-http-chunked-6 = chunk size in hex: 8
note-http-chunked-7 = the chunk, then CRLF
note-http-chunked-8 = a chunk of size 0, and an empty line: the body ends

title-http-close = HTTP/1.0 without a length: the body ends when the connection does
note-http-close-1 = status line
note-http-close-2 = an empty line: no Content-Length, no chunks
note-http-close-3 = the body: everything until the server closes

title-tls = TLS record: a 5-byte header with a 16-bit length
note-tls-1 = content type 23: application data
note-tls-2 = version 3.3, as TLS 1.2 writes it (TLS 1.3 keeps it for middleboxes)
note-tls-3 = length 13, big-endian (at most 2^14 of plaintext)
note-tls-4 = the fragment: ciphertext on a real connection, shown here in the clear

title-http2 = HTTP/2 frame: a 9-byte header with a 24-bit length
note-http2-1 = length 13: 24 bits, big-endian
note-http2-2 = type 0: DATA
note-http2-3 = flags: END_STREAM (the last frame of this request)
note-http2-4 = a reserved bit, then stream 1: many requests share one connection
note-http2-5 = the frame's payload

title-websocket = WebSocket frame: a length of 7, 16 or 64 bits, and a mask from clients
note-websocket-1 = FIN (the last fragment), opcode 1: text
note-websocket-2 = MASK bit, length 13 in 7 bits
note-websocket-3 = the masking key, chosen by the client per frame
note-websocket-4 = the payload, each byte XORed with the key (byte i with key[i % 4])

title-protobuf = protobuf, length-delimited: a varint length, then the message
note-protobuf-1 = varint 15: the message's length (300 would be ac 02)
note-protobuf-2 = field 1, wire type 2 (length-delimited): (1 << 3) | 2
note-protobuf-3 = varint 13: the string's length
note-protobuf-4 = the string

title-mqtt = MQTT PUBLISH: a varint remaining length of at most 4 bytes
note-mqtt-1 = packet type 3 (PUBLISH) in the high 4 bits, flags 0
note-mqtt-2 = remaining length 18 (at most 268,435,455: 4 bytes)
note-mqtt-3 = topic length, 16 bits
note-mqtt-4 = topic
note-mqtt-5 = payload: the rest of the remaining length

title-smtp = SMTP DATA: a delimiter line, and an escape for lines that look like it
note-smtp-1 = a line of the message
note-smtp-2 = the line ".sticky": its leading dot doubled (dot-stuffing)
note-smtp-3 = a line holding one dot: the message ends here

title-redis = Redis RESP: lines that carry counts and lengths, then counted bytes
note-redis-1 = an array of 2 elements: a count on a line
note-redis-2 = a bulk string of 4 bytes: a length on a line
note-redis-3 = the 4 bytes, then CRLF
note-redis-4 = a bulk string of 13 bytes
note-redis-5 = the bytes, then CRLF: read by length, so they may hold CRLF themselves
