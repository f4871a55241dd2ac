# The words of demo 08, nagle (English). The Chinese is in i18n/zh/demo08.ftl;
# a test (cargo test --bin sticky i18n) fails when the two differ or when
# the code asks for a message neither has. Times arrive already padded.

setup = { $requests } requests per variant: a 4-byte length header and a { $body }-byte body; the client waits for each answer
variant-two-writes = header + body in two writes, Nagle on
variant-one-write = fix 1: one write per request
variant-no-delay = fix 2: TCP_NODELAY on the client
variant-quickack = fix 3: TCP_QUICKACK on the server
request = request { $i }  { $took }
slowest = { $n } requests, the slowest took { $took }
# Line breaks as printed; the code starts each next line under the text
# after the label ("why: ").
why =
    why: Nagle's algorithm holds the small body until the header is acknowledged;
    the server delays that ACK (40 ms at least on Linux) because it has nothing
    to send until the body arrives. Each side waits for the other.
no-quickack = fix 3 (TCP_QUICKACK) exists on Linux only: not measured here
# The table's two column headings.
median = median
variant-column = variant
stall-seen = result: the stall is real: in two writes a request takes over { $ratio } times as long as with any fix
no-stall = result: no stall seen on this system: two writes were not { $ratio } times slower than every fix (are delayed ACKs off here?)
serving = server: listening on { $addr }, answering each request with ok (Ctrl-C to stop)
served = server: { $peer } closed after { $n } requests
