//regstack:omit

package auth

// generatedWith reports the generation keys this package was generated
// with; the blueprint is the union of all features, so it accepts any.
func generatedWith() (generationKeys, bool) { return generationKeys{}, false }
