-- Narrower access, a municipal choice (issue 14): in the units of the kinds listed here, close
-- staff (pedagogues, teachers, childminders, health visitors) reach only the children of the
-- groups they work in; leaders keep the whole unit. No row: the whole unit, as before.
CREATE TABLE narrowed_unit_kinds (
    municipality_id TEXT NOT NULL REFERENCES municipalities (id),
    kind TEXT NOT NULL CHECK (kind IN ('health_visiting', 'childminding', 'nursery', 'kindergarten', 'school')),
    PRIMARY KEY (municipality_id, kind)
);

-- The groups (rooms, classes, caseloads) a staff member works in, from the staff-groups import.
CREATE TABLE staff_groups (
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    group_id TEXT NOT NULL REFERENCES child_groups (id) ON DELETE CASCADE,
    PRIMARY KEY (user_id, group_id)
);
CREATE INDEX staff_groups_group ON staff_groups (group_id);
