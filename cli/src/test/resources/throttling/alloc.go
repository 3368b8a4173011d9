// Allocates hard forever so the GC runs often: the workload of DiagnoseThrottlingKernelTest.
package main

var sink [][]byte

func main() {
	for i := 0; ; i++ {
		b := make([]byte, 64<<10)
		b[0] = byte(i)
		sink = append(sink, b)
		if len(sink) > 256 {
			sink = sink[:0]
		}
	}
}
