"""Reading letters: the Danish text, letters and their metadata, passages, fact recognizers, lexicons."""
