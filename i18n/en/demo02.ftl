# The words of demo 02, udp (English). The Chinese is in i18n/zh/demo02.ftl;
# a test (cargo test --bin sticky i18n) fails when the two files differ in
# their messages or variables.
#
# A message that goes on over indented lines prints as that many lines,
# each after the first under the text after the label ("server: "): so
# every line fits an 80-column screen.

bound = server: bound { $addr } (no listen, no accept: UDP has no connections)
# $n is right-aligned in five columns, so the sizes line up.
sent = client: sendto   { $n } bytes  { $bytes }
received = server: recvfrom { $n } bytes  { $bytes }  { $verdict }
# A datagram that lost bytes: its verdict goes on a line of its own.
received-cut =
    server: recvfrom { $n } bytes  { $bytes }
    { $verdict }
whole = whole
truncated = TRUNCATED: the datagram had { $had } bytes, { $lost } were thrown away
long = { $start }... ({ $len } bytes)
# Off Linux, a datagram that fills the buffer may have been longer: the
# kernel does not say, so neither does the demo.
filled =
    FILLED the buffer: anything past { $kept } bytes was thrown away,
    and only Linux says how much (MSG_TRUNC)
result =
    result: { $datagrams } sendto, { $datagrams } recvfrom: { $whole } datagrams arrived whole
    and none glued together; { $loss }
loss-counted = { $lost } bytes lost to a { $buf }-byte buffer
loss-uncounted =
    { $n } filled the { $buf }-byte buffer and lost bytes
    this system does not count (Linux does)
serving = server: listening on udp { $addr } (Ctrl-C to stop)
reply-failed = client { $to }: { $error }
fixed-datagrams =
    client: sends six fixed datagrams to { $addr }
    (--stdin sends your own lines)
# Padded so that the reply lines up with the datagram sent.
reply = client: reply    { $text }
no-reply = client: no reply within 2 s (lost, or no server at { $addr })
