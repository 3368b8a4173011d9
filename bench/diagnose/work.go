// Fixed work for bench/diagnose.sh: allocates N blocks (GC runs often), then writes its own wall and CPU time
// to the file named by its second argument and sleeps so its cgroup stays readable.
package main

import (
	"fmt"
	"os"
	"strconv"
	"syscall"
	"time"
)

var sink [][]byte

func main() {
	n, _ := strconv.Atoi(os.Args[1])
	start := time.Now()
	for i := 0; i < n; i++ {
		b := make([]byte, 64<<10)
		b[0] = byte(i)
		sink = append(sink, b)
		if len(sink) > 256 {
			sink = sink[:0]
		}
	}
	wall := time.Since(start)
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	cpu := time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	line := fmt.Sprintf("done wall_ms=%d cpu_ms=%d\n", wall.Milliseconds(), cpu.Milliseconds())
	// the bench polls this file: cheaper than asking for the log
	os.WriteFile(os.Args[2], []byte(line), 0o644)
	time.Sleep(time.Hour)
}
