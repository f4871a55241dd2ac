# The words of demo 06, file-transfer (English). The Chinese is in
# i18n/zh/demo06.ftl; a test (cargo test --bin sticky i18n) fails
# when the two differ or when the code asks for a message neither has.
# $who is the label of the side that speaks: "client" or "server [ADDR]".

will-send = server: listening on { $addr }; will send { $name } ({ $size } bytes) in chunks of { $chunk } bytes
# The label of the receiving side's lines in `run 6` and `connect 6`.
client = client
# The label of an upload server's lines about one client.
server-for = server [{ $peer }]
# A client's failure, above the progress bars.
failed = client { $peer }: { $error }
said-by = { $who }: { $text }
server = server: { $text }
sent = server: sent { $header } header bytes and { $body } body bytes
sent-with-trailer = server: sent { $header } header bytes, { $body } body bytes and { $trailer } trailer bytes
same-bytes = the file on disk is byte for byte the file that was sent
different-bytes = the file on disk differs from the file that was sent
result = result: { $verdict }
scratch = (both copies of { $name } are scratch files in a temporary folder, removed when the demo ends)
serving-file = server: listening on { $addr }; sending { $file } to each client (Ctrl-C to stop)
hashed-while-sending = server: digests of { $name } ({ $digests }) computed while sending it ({ $size } bytes) and sent after the body; later clients get them in the header while its size and modification time stay the same
# With --little-endian: no trailer.
hashed-while-sending-no-trailer = server: digests of { $name } ({ $digests }) computed while sending it ({ $size } bytes); with --little-endian nothing follows the body, where the lesson's receiver would read it into the file; later clients get them in the header while its size and modification time stay the same
accepted = server: accepted { $peer }
hashed-again = server: { $name } changed (size or modification time); digests computed again while sending it
hashed-again-trailer = server: { $name } changed (size or modification time); digests computed again while sending it, and sent after the body
serving-uploads = server: listening on { $addr }; receiving uploads into { $dir } (Ctrl-C to stop)
uploaded = client: the receiver saved { $name } as { $saved_as }
# The sending side's last line, when it does not know the receiver's address
# (-receiver) and when it does (-peer).
saved-by-receiver = the receiver saved { $name } as { $saved_as }
saved-by-peer = { $peer } saved { $name } as { $saved_as }
# $outcome: the verdict's words ("exists", "too large" …); $detail: the receiver's own text.
not-kept-by-receiver = the receiver did not keep { $name }: { $outcome } ({ $detail })
not-kept-by-peer = { $peer } did not keep { $name }: { $outcome } ({ $detail })
unconfirmed-by-receiver = sent { $name }; the receiver closed without confirming (a receiver in the lesson's style sends no verdict)
unconfirmed-by-peer = sent { $name }; { $peer } closed without confirming (a receiver in the lesson's style sends no verdict)
verdict-sent = { $who }: verdict sent back: { $json }
# Said before the header itself, which follows on a line of its own.
header = { $who }: header of { $len } bytes (length prefix struct '{ $format }'):
reduced = the sender's name "{ $sent }" was reduced to "{ $bare }"
writing-into = { $who }: writing into { $part } until the last byte is in
writing-into-stale = { $who }: writing into { $part } until the last byte is in (a stale one from an interrupted run was found and is reused)
received = { $who }: received { $size } bytes in reads of at most { $chunk } bytes, { $rate } MB/s
verified = { $digest } verified
verified-by-trailer = { $digest } verified against the trailer after the body
no-digest = { $who }: no digest in the header (the lesson's sender sends none); size checked
saved-as = { $who }: saved as { $bare }, renamed into place after the last byte
interrupted = interrupted: removed { $path }
# Before the time a progress bar expects the transfer to take.
bar-eta = ETA
