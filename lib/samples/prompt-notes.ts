/**
 * Short notes to write on two or three lines (Contribute's multi-line prompts), written for
 * Inkwell like the phrases: the kind of thing people jot down. Each line is short enough for a
 * phone's canvas; lines are joined by "\n", as labels of several lines are stored.
 */
export const PROMPT_NOTES: readonly string[] = [
  "Buy milk\nand fresh bread",
  "Call Anna\nabout Friday",
  "Dentist at 9:15\nbring the forms",
  "Pick up the keys\nfrom the front desk\nbefore noon",
  "Meeting moved\nto room 12",
  "Water the plants\nfeed the cat\nlock the door",
  "Train leaves 7:42\nplatform 3",
  "Ideas for the trip:\nmaps, boots, snacks",
  "Pay rent ($850)\nby the 1st",
  "Books to read:\nthe short one first",
  "Quiz night\nThursday at 8",
  "Jog 5 km\nthen stretch",
  "Return the jacket\nsize M, not L",
  "Ask Sam if\nthe printer works",
  "Lunch with Joe?\nMaybe Tuesday",
  "Zoom call at 4\nthen review notes\nand reply to Kim",
];
