"""Named entities: recognition (gazetteer + context rules), cross-script linking, and the
mention lists stored with each article. Qt-free, like the rest of `index/`."""
