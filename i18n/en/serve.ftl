# The lines every `sticky serve N` prints about its clients, whatever the
# demo (English). The Chinese is in i18n/zh/serve.ftl; a test (cargo test
# --bin sticky served) fails when the two files differ in their messages or
# variables.

# Put before each line a client's thread prints.
client-label = client #{ $id } { $peer }:{" "}
refused-full = server: refused { $peer }: { $max } clients are connected, the most allowed
refused-address-full = server: refused { $peer }: { $max } clients from { $ip } are connected, the most allowed from one address
room-again = server: { $peer } left; there is room for one more client
more-clients = server: { $n } more clients came from { $ip } in { $secs } s (not shown one by one)
more-refused = server: refused { $n } more from { $ip } in { $secs } s
lines-left-out = server: { $n } lines left out to keep the screen readable
totals = server: stopped; { $served } clients served ({ $failed } of them failed), { $refused } refused
setup-failed = server: closed { $peer }: setting its timeouts failed: { $error }
accept-failed = server: accept failed: { $error }; trying again in { $secs } s
