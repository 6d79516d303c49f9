package check

import (
	"sync"
	"sync/atomic"
	"testing"
)

// TestMemoComputesOnce: checks run concurrently and share work through
// Memo; each key is computed exactly once and every caller gets its value.
func TestMemoComputesOnce(t *testing.T) {
	t.Parallel()
	in := &Input{}
	var calls atomic.Int32
	var wg sync.WaitGroup
	for i := 0; i < 16; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			v := in.Memo("files", func() any { calls.Add(1); return 42 })
			if v.(int) != 42 {
				t.Errorf("got %v", v)
			}
		}()
	}
	wg.Wait()
	if n := calls.Load(); n != 1 {
		t.Errorf("computed %d times, want 1", n)
	}
	if v := in.Memo("other", func() any { return "x" }); v.(string) != "x" {
		t.Errorf("a second key shares the first one's value: %v", v)
	}
}
