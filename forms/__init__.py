"""The paper forms and identity documents as data: fields, validation, who must sign."""
