# The words of demo 03, sticky (English). The Chinese is in
# i18n/zh/demo03.ftl; a test (cargo test --bin sticky i18n) fails
# when the two files differ in their messages or variables.
#
# A message that goes on over indented lines prints as that many lines, so
# that every line fits an 80-column screen.

part-1 = part 1: eight short messages, one write each (粘包)
part-2 = part 2: one message of 256 KiB, one write (拆包)

## The rounds of part 1, and who decided how the bytes were read

round-seed = one round: the re-segmenter stands in for the network
round-path = one round: a modelled { $name } path stands in for the network, Nagle on
round-nagle = Nagle's algorithm on (the default)
round-nodelay = TCP_NODELAY on: Nagle's algorithm off
how-live = the server read() until the client closed
how-seed = replayed through the re-segmenter: seed { $seed }, pieces of 1 to { $piece } bytes
# $figures is the path's line, as `sticky proxy --profile list` prints it.
how-path =
    replayed across { $name }, seed { $seed }: the server reads each segment as it arrives
    {"  "}{ $figures }

## The boundary view: its two headers, and the labels of a long message

view-writes-one = client: 1 write
view-writes = client: { $n } writes
view-reads-one = server: 1 read
view-reads = server: { $n } reads
view-more-reads = ... { $n } more reads, { $bytes } B
view-whole = message { $m }
view-piece = message { $m }: bytes { $start }..{ $end }

## What the reads showed

arrived = { $w } writes arrived in { $r } reads
arrived-one-write = 1 write arrived in { $r } reads
arrived-one-read = { $w } writes arrived in 1 read
arrived-one-each = 1 write arrived in 1 read
glued = { $arrived }: the reader cannot tell where messages end
message-cut = { $arrived }: the message was cut apart
messages-cut = { $arrived }: messages were cut apart
lucky = { $arrived }, each whole this time; run again, or try --seed
result = result: { $verdict }
cut-across = and { $cut } of the { $of } messages were cut across reads

## Writes, data segments and reads, counted on a real socket

writes-one = 1 write
writes = { $n } writes
reads-one = 1 read
reads = { $n } reads
segments-one = 1 segment
segments = { $n } segments
on-the-wire = on the wire: { $writes }, { $segments }, { $reads } (segments from TCP_INFO)
on-the-wire-no-segments = on the wire: { $writes }, segments: not available, { $reads }

## serve 3 and connect 3

serving = server: listening on { $addr } (Ctrl-C to stop)
busy = server: accepted { $peer }; busy for { $ms } ms before reading
# $label is padded to line the sizes up; $n is right-aligned in 7 columns.
read-label = read  { $i }
read = {"  "}{ $label } { $n } bytes  { $bytes }
client-done = server: { $peer } sent { $total } bytes, which arrived in { $reads } read(s)
fixed-messages = client: sends the demo's eight fixed messages (--stdin sends your own lines)
# $n is right-aligned in two columns.
wrote = client: wrote { $n } bytes  { $message }
writes-sent = client: { $n } writes sent; see how many reads the server needed
