# The words of demo 04, fixed-length (English). The Chinese is in
# i18n/zh/demo04.ftl; a test (cargo test --bin sticky i18n) fails
# when the two files differ in their messages or variables.
#
# A message that goes on over indented lines prints as that many lines,
# each after the first under the text after the label ("server: "): so
# every line fits an 80-column screen.

writes = client: { $n } writes of { $size } bytes each (message + zero padding)
# $label is padded to line the sizes up; $size is right-aligned in 4 columns.
write-label = write { $i }
write = {"  "}{ $label } { $size } bytes  { $shown } + { $padding } bytes of padding
reading = server: read_exact({ $size }) until the client closed
reading-seed =
    server: read_exact({ $size }) through the re-segmenter
    (seed { $seed }, reads of 1 to { $piece } bytes)
# $label is padded to line the sizes up; $len is right-aligned in 3 columns.
message-label = message { $n }
message = {"  "}{ $label } { $len } bytes  { $shown }  whole
# $sum is the sizes of the reads, such as "8 + 8 + 2".
reads = {"      "}read_exact took { $n } reads: { $sum }
whole-all = { $sent } of { $sent } whole
whole-some = { $whole } of { $sent } whole
result = result: { $writes } writes, { $read } messages read, { $whole }
padding =
    padding overhead: { $payload } bytes of messages took { $wire } bytes on the wire;
    { $padding } bytes ({ $percent }%) are padding
refused = not sent: { $error }
fits = a { $len }-byte message fits a size of { $size }

## serve 4 and connect 4

serving = server: listening on { $addr }, { $size }-byte records (Ctrl-C to stop)
accepted = server: accepted { $peer }
quiet = {"  "}… more than { $shown } messages: the rest are echoed and counted, not shown
summary = {"  "}… { $messages } messages, { $bytes } bytes without their padding, in all
peer-closed = server: { $peer } closed after { $n } messages
fixed-messages = client: sends the demo's eight fixed messages (--stdin sends your own lines)
echo = client: sent [{ $sent }] in a { $size }-byte record, echo [{ $echo }]
