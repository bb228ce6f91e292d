//regstack:feature email=console

package auth

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// jsonLogRecords decodes the records a slog JSON handler wrote to buf.
func jsonLogRecords(t *testing.T, buf *bytes.Buffer) []map[string]any {
	t.Helper()
	var records []map[string]any
	dec := json.NewDecoder(buf)
	for dec.More() {
		var r map[string]any
		if err := dec.Decode(&r); err != nil {
			t.Fatalf("decode log record: %v", err)
		}
		delete(r, slog.TimeKey)
		records = append(records, r)
	}
	return records
}

func TestConsoleEmailSenderLogsWholeMessage(t *testing.T) {
	var buf bytes.Buffer
	// The handler's level is INFO, so a body logged at DEBUG would be lost.
	logger := slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelInfo}))
	m, err := newMailer(mailerTestConfig(), nil)
	if err != nil {
		t.Fatalf("newMailer: %v", err)
	}
	msg, err := m.verification("ada@example.org", "Ada", "https://app.example.com/verify?token=abc.def")
	if err != nil {
		t.Fatalf("verification: %v", err)
	}

	if err := NewConsoleEmailSender(logger).Send(context.Background(), msg); err != nil {
		t.Fatalf("Send: %v", err)
	}

	want := []map[string]any{{
		slog.LevelKey:   "INFO",
		slog.MessageKey: "email (console backend, not sent)",
		"to":            "ada@example.org",
		"from":          "MyApp <noreply@example.com>",
		"subject":       "Confirm your MyApp account",
		"link":          "https://app.example.com/verify?token=abc.def",
		"body":          msg.Text,
	}}
	if diff := cmp.Diff(want, jsonLogRecords(t, &buf)); diff != "" {
		t.Errorf("log records (-want +got):\n%s", diff)
	}
}

// TestConsoleEmailSenderClickableLink checks what a developer sees with a
// text log handler: the link is a value of its own, ending at its closing
// quote where a terminal's link detection stops, while inside the quoted
// body it runs on into an escaped newline ("\n\nThanks").
func TestConsoleEmailSenderClickableLink(t *testing.T) {
	var buf bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&buf, nil))
	msg := EmailMessage{To: "ada@example.org", Subject: "s",
		Text: "Open\n\n  https://app.example.com/account/verify?token=a-b_c.d\n\nThanks"}
	if err := NewConsoleEmailSender(logger).Send(context.Background(), msg); err != nil {
		t.Fatal(err)
	}
	if want := ` link="https://app.example.com/account/verify?token=a-b_c.d" `; !strings.Contains(buf.String(), want) {
		t.Errorf("log line lacks %q:\n%s", want, buf.String())
	}
}

func TestInitialEmailSenderConsole(t *testing.T) {
	t.Run("console logs to the configured logger", func(t *testing.T) {
		var buf bytes.Buffer
		o := newOptions([]Option{WithLogger(slog.New(slog.NewJSONHandler(&buf, nil)))})
		s, err := initialEmailSender(context.Background(), DefaultConfig(), o)
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := s.(*ConsoleEmailSender); !ok {
			t.Fatalf("initialEmailSender = %T, want *ConsoleEmailSender", s)
		}
		if err := s.Send(context.Background(), EmailMessage{To: "a@example.org", Text: "link"}); err != nil {
			t.Fatalf("Send: %v", err)
		}
		records := jsonLogRecords(t, &buf)
		if len(records) != 1 || records[0]["body"] != "link" {
			t.Errorf("records = %v, want one with body %q", records, "link")
		}
	})
}
