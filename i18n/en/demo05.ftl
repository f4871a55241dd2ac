# The words of demo 05, length-prefix (English). The Chinese is in
# i18n/zh/demo05.ftl; a test (cargo test --bin sticky i18n) fails
# when the two differ or when the code asks for a message neither has.
# Numbers that line up in columns arrive already padded.

reading = server: reading frames, echoing each one
reading-seeded = server: reading frames through the re-segmenter (seed { $seed }, reads of 1 to { $piece } bytes), echoing each one
peer-demo = the demo client
peer-liar = a peer announcing 4 GiB
peer-quitter = a peer that hangs up mid-frame
# $peer: one of the three peers above.
accepted-peer = server: accepted { $peer }
# $peer: an address.
accepted = server: accepted { $peer }
closed-cleanly = server: the client closed cleanly after { $n } frames
dropped = server: dropped the connection: { $error }
echoed-whole = { $matched } of { $sent } echoed back whole
# Every message came back whole.
echoed-all = { $sent } of { $sent } echoed back whole
# $whole: the line above.
result = result: { $sent } messages sent, { $whole }, including the { $large }-byte one in a single frame
overhead = overhead: { $header } header bytes for { $payload } bytes of messages
# Padded to 9 columns by the code.
frame-nth = frame { $n }
frame = { $nth } { $len } bytes  { $shown }  whole
long-frame = message { $n }: { $len } bytes
quiet = … more than { $shown } frames: the rest are echoed and counted, not shown
summary = … { $frames } frames, { $bytes } bytes of payload in all
serving = server: listening on { $addr }, length header struct '{ $format }', frames up to { $max } bytes (Ctrl-C to stop)
peer-closed = server: { $peer } closed cleanly after { $n } frames
fixed-messages = client: sends the demo's eight fixed messages (--stdin sends your own lines)
echo = client: sent [{ $sent }], echo [{ $echo }]
