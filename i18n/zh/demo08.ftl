# 演示 08（nagle）的中文。英文在 i18n/en/demo08.ftl；两边的消息或变量不一致时，
# 测试（cargo test --bin sticky i18n）会失败。时间已经由代码补齐。
# 术语以 docs/zh/glossary.md 为准；这里的三种补救叫“办法”，不叫“修复”。

setup = 每种做法 { $requests } 个请求：4 字节的长度字段加 { $body } 字节的正文；客户端等到回答再发下一个
variant-two-writes = 报头和正文分两次写，Nagle 开启
variant-one-write = 办法一：每个请求只写一次
variant-no-delay = 办法二：客户端开启 TCP_NODELAY
variant-quickack = 办法三：服务端开启 TCP_QUICKACK
request = 请求 { $i }  { $took }
slowest = { $n } 个请求，最慢的一个用了 { $took }
# 按印出来的样子分行；代码让续行从标签（“原因：”）之后的文字下面开始。
why =
    原因：报头还没被确认，Nagle 算法就扣着这段小正文不发；服务端只收到报头，
    没有回复可以捎带这个 ACK，于是延迟确认（Linux 上至少 40 ms）。
    双方都在等对方。
no-quickack = 办法三（TCP_QUICKACK）只有 Linux 才有：这里没有测量
# 表格的两个列名。
median = 中位数
variant-column = 做法
stall-seen = 结果：卡顿确实存在：分两次写时，一个请求的耗时是任何一种办法的 { $ratio } 倍以上
no-stall = 结果：这个系统上没有看到卡顿：分两次写并没有比每种办法慢 { $ratio } 倍（这里是否关闭了延迟确认？）
serving = 服务端：正在监听 { $addr }，每个请求回答 ok（按 Ctrl-C 停止）
served = 服务端：{ $peer } 在 { $n } 个请求之后关闭了连接
