package truce

import "testing"

func TestNormalizeReporter(t *testing.T) {
	for words, want := range map[string]string{
		"Russian side":                         "russia",
		"Russian observers":                    "russia",
		"the Turkish party":                    "turkey",
		"Turkey":                               "turkey",
		"الجانب التركي":                        "turkey",
		"الجانب الروسي":                        "russia",
		"российская сторона":                   "russia",
		"Türk tarafı":                          "turkey",
		"the joint Russian-Turkish commission": "the joint russian-turkish commission",
		"  SOHR ":                              "sohr",
		"":                                     "",
	} {
		if got := NormalizeReporter(words); got != want {
			t.Errorf("NormalizeReporter(%q) = %q, want %q", words, got, want)
		}
	}
}
