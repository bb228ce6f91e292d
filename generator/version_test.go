package generator

import "testing"

func TestBuildInfoString(t *testing.T) {
	tests := []struct {
		in   BuildInfo
		want string
	}{
		{BuildInfo{Version: "v0.1.0", Commit: "fa1d025e", GoVersion: "go1.26.8"}, "v0.1.0 (commit fa1d025e, go1.26.8)"},
		{BuildInfo{Version: "v0.1.0", Commit: "fa1d025e+dirty", GoVersion: "go1.26.8"}, "v0.1.0 (commit fa1d025e+dirty, go1.26.8)"},
		{BuildInfo{Version: "v0.1.0", GoVersion: "go1.26.8"}, "v0.1.0 (commit unknown, go1.26.8)"},
	}
	for _, tt := range tests {
		if got := tt.in.String(); got != tt.want {
			t.Errorf("%+v.String() = %q, want %q", tt.in, got, tt.want)
		}
	}
	if got := ReadBuildInfo(); got.Version != Version || got.GoVersion == "" {
		t.Errorf("ReadBuildInfo() = %+v", got)
	}
}
