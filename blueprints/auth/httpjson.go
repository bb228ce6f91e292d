package auth

import (
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"strconv"
)

// apiError is an error with the status and detail a client should see. Its
// detail is safe to show: handlers never put internal errors in it.
type apiError struct {
	status int
	detail string
	header http.Header
}

func (e *apiError) Error() string { return strconv.Itoa(e.status) + " " + e.detail }

// errDetail returns an apiError for status with the given detail text.
func errDetail(status int, detail string) *apiError {
	return &apiError{status: status, detail: detail}
}

// withHeader returns e with a response header added.
func (e *apiError) withHeader(key, value string) *apiError {
	if e.header == nil {
		e.header = http.Header{}
	}
	e.header.Set(key, value)
	return e
}

// writeJSON writes v as the JSON response body with status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	// The response is already committed; an encoding error here can only be
	// a broken connection.
	_ = json.NewEncoder(w).Encode(v)
}

// detailBody is the shape of every error regstack answers itself.
type detailBody struct {
	Detail string `json:"detail"`
}

// messageBody is the shape of every plain success message.
type messageBody struct {
	Message string `json:"message"`
}

// writeMessage answers {"message": msg}.
func writeMessage(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, messageBody{Message: msg})
}

// apiHandler is an API endpoint: it writes a success response itself and
// returns an error for everything else.
type apiHandler func(w http.ResponseWriter, r *http.Request) error

// api adapts an apiHandler to http.Handler: an *apiError becomes its status
// and {"detail": …}; a validation failure becomes 422; any other error is
// logged and answered with a bare 500, so no internal detail reaches the
// client. A panic is treated the same way. The inputs a 422 echoes are
// redacted (see validation_echo.go).
func (rs *RegStack) api(h apiHandler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if p := recover(); p != nil {
				if p == http.ErrAbortHandler {
					panic(p)
				}
				rs.logger.ErrorContext(r.Context(), "auth: panic in handler", slog.String("path", r.URL.Path), slog.Any("panic", p))
				writeJSON(w, http.StatusInternalServerError, detailBody{Detail: "Internal Server Error"})
			}
		}()
		err := h(w, r)
		if err == nil {
			return
		}
		var ae *apiError
		var ve validationErrors
		switch {
		case errors.As(err, &ae):
			for k, vs := range ae.header {
				for _, v := range vs {
					w.Header().Add(k, v)
				}
			}
			writeJSON(w, ae.status, detailBody{Detail: ae.detail})
		case errors.As(err, &ve):
			writeJSON(w, http.StatusUnprocessableEntity, validationBody{Detail: ve.redacted()})
		default:
			rs.logger.ErrorContext(r.Context(), "auth: request failed", slog.String("path", r.URL.Path), slog.Any("error", err))
			writeJSON(w, http.StatusInternalServerError, detailBody{Detail: "Internal Server Error"})
		}
	})
}
