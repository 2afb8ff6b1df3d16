"""Names read the same way whatever their spelling or script: one reading serves the register's search and
its duplicate check.

`reading` reads each word once. Latin: casefolded, accents and the articles El/Al dropped, the particles of
filiation (Ould, Mint, Ben and their spellings) made one word each, the spellings of one sound made one
("ch" and "sh", "ph" and "f", "dj" and "j"). Arabic: diacritics and tatweel dropped, one form of alef, yaa
and taa, the article's "ال" taken off, the letters written with the Latin consonants of the region's
spellings. Two readers use the reading:

- `name_words` (`consonants`), the consonants of each word (Mohamed, Mohammed, Muhammad and محمد all give
  "mhmd"): the search's keys, where every spelling of a name must meet;
- `name_sounds` (`sounds`), the same reading with its vowels, the long ones the Arabic writes in capitals:
  the duplicate check, which must also tell apart names whose consonants meet (Mohamed and محمود, Hassan
  and حسين) by the long vowels the Arabic writes and a Latin spelling does or does not write.
"""

from sanad.registry.spelling.consonants import name_words
from sanad.registry.spelling.reading import arabic_key, latin_key
from sanad.registry.spelling.sounds import name_sounds

__all__ = ["arabic_key", "latin_key", "name_sounds", "name_words"]
