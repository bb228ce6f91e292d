ui
