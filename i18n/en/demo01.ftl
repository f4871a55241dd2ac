# The words of demo 01, tcp-echo (English). The Chinese is in
# i18n/zh/demo01.ftl; a test (cargo test --bin sticky i18n) fails when
# the two files differ in their messages or variables.

listening = server: bound and listening on { $addr }
serving = server: listening on { $addr } (Ctrl-C to stop)
accepted = server: accepted a connection from { $peer }
connected = client: connected to { $addr }
type-lines = client: connected to { $addr }; type lines, Ctrl-D to finish
# The two labels are padded so that the lines sent and echoed line up.
sending = client: sending   { $line }
got-back = client: got back  { $line }
# $n is right-aligned in three columns.
read = server: read { $n } bytes from { $peer }: { $bytes }
closed = server: { $peer } closed the connection
quiet = server: { $peer } sent more than { $shown } reads; the rest are counted, not shown
summary = server: { $peer } sent { $bytes } bytes in { $reads } reads, all echoed
all-echoed = done: every line came back as sent
