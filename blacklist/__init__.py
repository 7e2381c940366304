"""The domain of Suzhou's public-resource credit negative list. Imports no Flask."""
