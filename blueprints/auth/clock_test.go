package auth

import (
	"sync"
	"testing"
	"time"
)

func TestFrozenClock(t *testing.T) {
	paris := time.FixedZone("CET", 3600)
	start := time.Date(2025, 1, 1, 1, 0, 0, 0, paris) // 00:00 UTC
	tests := []struct {
		name string
		move func(c *FrozenClock)
		want time.Time
	}{
		{"stands still", func(*FrozenClock) {}, time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)},
		{"advance", func(c *FrozenClock) { c.Advance(90 * time.Minute) }, time.Date(2025, 1, 1, 1, 30, 0, 0, time.UTC)},
		{"advance backwards", func(c *FrozenClock) { c.Advance(-time.Microsecond) }, time.Date(2024, 12, 31, 23, 59, 59, 999999000, time.UTC)},
		{"set converts to UTC", func(c *FrozenClock) { c.Set(time.Date(2026, 5, 1, 12, 0, 0, 0, paris)) }, time.Date(2026, 5, 1, 11, 0, 0, 0, time.UTC)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := NewFrozenClock(start)
			tt.move(c)
			got := c.Now()
			if !got.Equal(tt.want) || got.Location() != time.UTC {
				t.Errorf("Now() = %v, want %v in UTC", got, tt.want)
			}
			if again := c.Now(); !again.Equal(got) {
				t.Errorf("clock moved by itself: %v then %v", got, again)
			}
		})
	}
}

func TestFrozenClockAdvanceReturnsNewTime(t *testing.T) {
	c := NewFrozenClock(time.Unix(0, 0))
	if got, want := c.Advance(time.Second), time.Unix(1, 0).UTC(); !got.Equal(want) {
		t.Errorf("Advance returned %v, want %v", got, want)
	}
}

func TestSystemClockIsUTC(t *testing.T) {
	if loc := (SystemClock{}).Now().Location(); loc != time.UTC {
		t.Errorf("SystemClock location = %v, want UTC", loc)
	}
}

// TestFrozenClockConcurrent is meaningful under -race.
func TestFrozenClockConcurrent(t *testing.T) {
	c := NewFrozenClock(time.Unix(0, 0))
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for range 100 {
				c.Advance(time.Second)
				_ = c.Now()
			}
		})
	}
	wg.Wait()
	if got, want := c.Now(), time.Unix(400, 0).UTC(); !got.Equal(want) {
		t.Errorf("after 400 concurrent advances Now() = %v, want %v", got, want)
	}
}
