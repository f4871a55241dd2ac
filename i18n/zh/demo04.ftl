# 演示 04 fixed-length 的全部用语（中文）。
#
# 每行一条：`编号 = 文字`。{ $花括号 } 里的内容由程序填入（地址、字节数、
# 次数、收到的消息），请保留。编号与 i18n/en/demo04.ftl 一一对应；两个
# 文件的编号或变量不一致时，测试（cargo test --bin sticky i18n）
# 会失败。术语以 docs/zh/glossary.md 为准：定长、填充、接收方。
#
# 一条消息写成缩进的几行，就打印成几行，第二行起对齐到标签（“服务端：”）
# 后面的文字：这样每行都不超过 80 列。

writes = 客户端：{ $n } 次写，每次 { $size } 字节（消息 + 补齐用的零字节）
# $label 后面补了空格，让字节数对齐；$size 右对齐，占 4 列。
write-label = 第 { $i } 次写
write = {"  "}{ $label } { $size } 字节  { $shown } + { $padding } 字节填充
reading = 服务端：反复 read_exact({ $size })，直到客户端关闭连接
reading-seed =
    服务端：经重新分段器反复 read_exact({ $size })
    （种子 { $seed }，每次读 1 到 { $piece } 字节）
# $label 后面补了空格，让字节数对齐；$len 右对齐，占 3 列。
message-label = 第 { $n } 条消息
message = {"  "}{ $label } { $len } 字节  { $shown }  完整
# $sum 是每次读到的字节数，例如“8 + 8 + 2”。
reads = {"      "}read_exact 读了 { $n } 次：{ $sum }
whole-all = { $sent } 条全部完整
whole-some = { $sent } 条中 { $whole } 条完整
result = 结果：{ $writes } 次写，读出 { $read } 条消息，{ $whole }
padding =
    填充开销：{ $payload } 字节的消息实际要传 { $wire } 字节，
    其中 { $padding } 字节（{ $percent }%）是填充
refused = 还没发送就被拒绝：{ $error }
fits = { $len } 字节的消息放得进 { $size } 字节的定长记录

## serve 4 和 connect 4

serving = 服务端：正在监听 { $addr }，每条记录定长 { $size } 字节（按 Ctrl-C 停止）
accepted = 服务端：接受了一个连接，来自 { $peer }
quiet = {"  "}… 已超过 { $shown } 条消息：之后的消息照常回显并计数，不再显示
summary = {"  "}… 共 { $messages } 条消息，去掉填充后 { $bytes } 字节
peer-closed = 服务端：{ $peer } 在 { $n } 条消息之后关闭了连接
fixed-messages = 客户端：发送本演示固定的八条消息（加 --stdin 就发送你自己输入的行）
echo = 客户端：发送 [{ $sent }]，装在 { $size } 字节的记录里，回显 [{ $echo }]
