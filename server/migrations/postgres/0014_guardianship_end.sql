-- Ending a guardianship on a date (issue 15 item 5): the last day the guardian has it (ISO
-- date). NULL: until further notice. From the day after, the guardian reaches the child no
-- more, at their next request (the policy reads it with the session, SECURITY A6).
ALTER TABLE guardianships ADD COLUMN ends_on TEXT CHECK (ends_on IS NULL OR length(ends_on) = 10);
