# 演示 03 sticky 的全部用语（中文）。
#
# 每行一条：`编号 = 文字`。{ $花括号 } 里的内容由程序填入（地址、字节数、
# 次数、种子），请保留。编号与 i18n/en/demo03.ftl 一一对应；两个文件的
# 编号或变量不一致时，测试（cargo test --bin sticky i18n）会失败。
# 术语以 docs/zh/glossary.md 为准：粘包、拆包、接收方、报文段、MSS、
# Nagle 算法。
#
# 一条消息写成缩进的几行，就打印成几行：这样每行都不超过 80 列。

part-1 = 第 1 部分：八条短消息，每条一次写（粘包）
part-2 = 第 2 部分：一条 256 KiB 的消息，一次写完（拆包）

## 第 1 部分的几轮，以及由谁决定字节怎样被读到

round-seed = 只跑一轮：由重新分段器代替网络
round-path = 只跑一轮：由模拟的 { $name } 线路代替网络，Nagle 算法开启
round-nagle = Nagle 算法开启（默认）
round-nodelay = 开启 TCP_NODELAY：关闭 Nagle 算法
how-live = 服务端一直 read()，直到客户端关闭连接
how-seed = 经重新分段器重放：种子 { $seed }，每块 1 到 { $piece } 字节
# $figures 是这条线路的参数。
how-path =
    经模拟的 { $name } 线路重放，种子 { $seed }：每个报文段一到，服务端就读
    {"  "}{ $figures }

## 边界视图：两栏的标题，以及长消息的标签

view-writes-one = 客户端：1 次写
view-writes = 客户端：{ $n } 次写
view-reads-one = 服务端：1 次读
view-reads = 服务端：{ $n } 次读
view-more-reads = ... 另有 { $n } 次读，{ $bytes } B
view-whole = 消息 { $m }
view-piece = 消息 { $m }：第 { $start }..{ $end } 字节

## 读的结果说明了什么

arrived = 写了 { $w } 次，分 { $r } 次读到
arrived-one-write = 写了 1 次，分 { $r } 次读到
arrived-one-read = 写了 { $w } 次，一次读就全部读到
arrived-one-each = 写了 1 次，一次读到
glued = { $arrived }：接收方分不清消息在哪里结束
message-cut = { $arrived }：这条消息被拆开了
messages-cut = { $arrived }：有消息被拆开了
lucky = { $arrived }，这次每条都完整；再运行一次，或者试试 --seed
result = 结果：{ $verdict }
cut-across = 而且 { $of } 条消息中有 { $cut } 条被拆开，分在了不同的几次读里

## 真实套接字上数出的写、数据报文段和读

writes-one = 1 次写
writes = { $n } 次写
reads-one = 1 次读
reads = { $n } 次读
segments-one = 1 个报文段
segments = { $n } 个报文段
on-the-wire = 线路上：{ $writes }，{ $segments }，{ $reads }（报文段数来自 TCP_INFO）
on-the-wire-no-segments = 线路上：{ $writes }，报文段数无法获取，{ $reads }

## serve 3 和 connect 3

serving = 服务端：正在监听 { $addr }（按 Ctrl-C 停止）
busy = 服务端：接受了一个连接，来自 { $peer }；先忙 { $ms } 毫秒再开始读
# $label 后面补了空格，让字节数对齐；$n 右对齐，占 7 列。
read-label = 第 { $i } 次读
read = {"  "}{ $label } { $n } 字节  { $bytes }
client-done = 服务端：{ $peer } 发来 { $total } 字节，分 { $reads } 次读到
fixed-messages = 客户端：发送本演示固定的八条消息（加 --stdin 就发送你自己输入的行）
# $n 右对齐，占两列。
wrote = 客户端：写出 { $n } 字节  { $message }
writes-sent = 客户端：已发出 { $n } 次写；看看服务端用了几次读
