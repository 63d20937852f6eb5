// corpus-skip: cjs-es2015 (TypeScript itself, without the plugin, overflows the stack lowering these awaits to generators below ES2017)
// corpus-skip: cjs-es2017 (TypeScript itself, without the plugin, overflows the stack lowering this program at ES2017)
// Generated-looking code: a 1,500-term concatenation with awaits in it (the transformer used to
// overflow the stack at about 1,100 terms), a 300-branch conditional chain and a 300-branch else-if
// chain with awaits in every branch.
async function part(i: number): Promise<string> {
  await null;
  return `<${i}>`;
}

async function concatenation(): Promise<string> {
  return (
    (await part(0)) + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" + "0" + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" +
    "0" + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" + "0" + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" +
    "0" + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" + "0" + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" +
    "0" + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" + "0" + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" +
    "0" + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" + "0" + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" +
    (await part(100)) + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" + "0" + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" +
    "0" + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" + "0" + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" +
    "0" + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" + "0" + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" +
    "0" + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" + "0" + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" +
    "0" + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" + "0" + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" +
    (await part(200)) + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" + "0" + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" +
    "0" + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" + "0" + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" +
    "0" + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" + "0" + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" +
    "0" + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" + "0" + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" +
    "0" + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" + "0" + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" +
    (await part(300)) + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" + "0" + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" +
    "0" + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" + "0" + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" +
    "0" + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" + "0" + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" +
    "0" + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" + "0" + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" +
    "0" + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" + "0" + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" +
    (await part(400)) + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" + "0" + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" +
    "0" + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" + "0" + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" +
    "0" + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" + "0" + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" +
    "0" + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" + "0" + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" +
    "0" + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" + "0" + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" +
    (await part(500)) + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" + "0" + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" +
    "0" + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" + "0" + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" +
    "0" + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" + "0" + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" +
    "0" + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" + "0" + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" +
    "0" + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" + "0" + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" +
    (await part(600)) + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" + "0" + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" +
    "0" + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" + "0" + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" +
    "0" + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" + "0" + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" +
    "0" + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" + "0" + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" +
    "0" + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" + "0" + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" +
    (await part(700)) + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" + "0" + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" +
    "0" + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" + "0" + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" +
    "0" + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" + "0" + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" +
    "0" + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" + "0" + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" +
    "0" + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" + "0" + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" +
    (await part(800)) + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" + "0" + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" +
    "0" + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" + "0" + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" +
    "0" + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" + "0" + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" +
    "0" + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" + "0" + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" +
    "0" + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" + "0" + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" +
    (await part(900)) + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" + "0" + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" +
    "0" + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" + "0" + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" +
    "0" + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" + "0" + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" +
    "0" + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" + "0" + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" +
    "0" + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" + "0" + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" +
    (await part(1000)) + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" + "0" + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" +
    "0" + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" + "0" + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" +
    "0" + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" + "0" + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" +
    "0" + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" + "0" + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" +
    "0" + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" + "0" + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" +
    (await part(1100)) + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" + "0" + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" +
    "0" + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" + "0" + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" +
    "0" + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" + "0" + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" +
    "0" + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" + "0" + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" +
    "0" + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" + "0" + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" +
    (await part(1200)) + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" + "0" + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" +
    "0" + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" + "0" + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" +
    "0" + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" + "0" + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" +
    "0" + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" + "0" + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" +
    "0" + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" + "0" + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" +
    (await part(1300)) + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" + "0" + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" +
    "0" + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" + "0" + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" +
    "0" + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" + "0" + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" +
    "0" + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" + "0" + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" +
    "0" + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" + "0" + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" +
    (await part(1400)) + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" + "0" + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" +
    "0" + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" + "0" + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" +
    "0" + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" + "0" + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" +
    "0" + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" + "0" + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" +
    "0" + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9" + "0" + "1" + "2" + "3" + "4" + "5" + "6" + "7" + "8" + "9"
  );
}

async function conditional(x: number): Promise<string> {
  return (
      x === 0 ? await part(0) :
      x === 1 ? await part(1) :
      x === 2 ? await part(2) :
      x === 3 ? await part(3) :
      x === 4 ? await part(4) :
      x === 5 ? await part(5) :
      x === 6 ? await part(6) :
      x === 7 ? await part(7) :
      x === 8 ? await part(8) :
      x === 9 ? await part(9) :
      x === 10 ? await part(10) :
      x === 11 ? await part(11) :
      x === 12 ? await part(12) :
      x === 13 ? await part(13) :
      x === 14 ? await part(14) :
      x === 15 ? await part(15) :
      x === 16 ? await part(16) :
      x === 17 ? await part(17) :
      x === 18 ? await part(18) :
      x === 19 ? await part(19) :
      x === 20 ? await part(20) :
      x === 21 ? await part(21) :
      x === 22 ? await part(22) :
      x === 23 ? await part(23) :
      x === 24 ? await part(24) :
      x === 25 ? await part(25) :
      x === 26 ? await part(26) :
      x === 27 ? await part(27) :
      x === 28 ? await part(28) :
      x === 29 ? await part(29) :
      x === 30 ? await part(30) :
      x === 31 ? await part(31) :
      x === 32 ? await part(32) :
      x === 33 ? await part(33) :
      x === 34 ? await part(34) :
      x === 35 ? await part(35) :
      x === 36 ? await part(36) :
      x === 37 ? await part(37) :
      x === 38 ? await part(38) :
      x === 39 ? await part(39) :
      x === 40 ? await part(40) :
      x === 41 ? await part(41) :
      x === 42 ? await part(42) :
      x === 43 ? await part(43) :
      x === 44 ? await part(44) :
      x === 45 ? await part(45) :
      x === 46 ? await part(46) :
      x === 47 ? await part(47) :
      x === 48 ? await part(48) :
      x === 49 ? await part(49) :
      x === 50 ? await part(50) :
      x === 51 ? await part(51) :
      x === 52 ? await part(52) :
      x === 53 ? await part(53) :
      x === 54 ? await part(54) :
      x === 55 ? await part(55) :
      x === 56 ? await part(56) :
      x === 57 ? await part(57) :
      x === 58 ? await part(58) :
      x === 59 ? await part(59) :
      x === 60 ? await part(60) :
      x === 61 ? await part(61) :
      x === 62 ? await part(62) :
      x === 63 ? await part(63) :
      x === 64 ? await part(64) :
      x === 65 ? await part(65) :
      x === 66 ? await part(66) :
      x === 67 ? await part(67) :
      x === 68 ? await part(68) :
      x === 69 ? await part(69) :
      x === 70 ? await part(70) :
      x === 71 ? await part(71) :
      x === 72 ? await part(72) :
      x === 73 ? await part(73) :
      x === 74 ? await part(74) :
      x === 75 ? await part(75) :
      x === 76 ? await part(76) :
      x === 77 ? await part(77) :
      x === 78 ? await part(78) :
      x === 79 ? await part(79) :
      x === 80 ? await part(80) :
      x === 81 ? await part(81) :
      x === 82 ? await part(82) :
      x === 83 ? await part(83) :
      x === 84 ? await part(84) :
      x === 85 ? await part(85) :
      x === 86 ? await part(86) :
      x === 87 ? await part(87) :
      x === 88 ? await part(88) :
      x === 89 ? await part(89) :
      x === 90 ? await part(90) :
      x === 91 ? await part(91) :
      x === 92 ? await part(92) :
      x === 93 ? await part(93) :
      x === 94 ? await part(94) :
      x === 95 ? await part(95) :
      x === 96 ? await part(96) :
      x === 97 ? await part(97) :
      x === 98 ? await part(98) :
      x === 99 ? await part(99) :
      x === 100 ? await part(100) :
      x === 101 ? await part(101) :
      x === 102 ? await part(102) :
      x === 103 ? await part(103) :
      x === 104 ? await part(104) :
      x === 105 ? await part(105) :
      x === 106 ? await part(106) :
      x === 107 ? await part(107) :
      x === 108 ? await part(108) :
      x === 109 ? await part(109) :
      x === 110 ? await part(110) :
      x === 111 ? await part(111) :
      x === 112 ? await part(112) :
      x === 113 ? await part(113) :
      x === 114 ? await part(114) :
      x === 115 ? await part(115) :
      x === 116 ? await part(116) :
      x === 117 ? await part(117) :
      x === 118 ? await part(118) :
      x === 119 ? await part(119) :
      x === 120 ? await part(120) :
      x === 121 ? await part(121) :
      x === 122 ? await part(122) :
      x === 123 ? await part(123) :
      x === 124 ? await part(124) :
      x === 125 ? await part(125) :
      x === 126 ? await part(126) :
      x === 127 ? await part(127) :
      x === 128 ? await part(128) :
      x === 129 ? await part(129) :
      x === 130 ? await part(130) :
      x === 131 ? await part(131) :
      x === 132 ? await part(132) :
      x === 133 ? await part(133) :
      x === 134 ? await part(134) :
      x === 135 ? await part(135) :
      x === 136 ? await part(136) :
      x === 137 ? await part(137) :
      x === 138 ? await part(138) :
      x === 139 ? await part(139) :
      x === 140 ? await part(140) :
      x === 141 ? await part(141) :
      x === 142 ? await part(142) :
      x === 143 ? await part(143) :
      x === 144 ? await part(144) :
      x === 145 ? await part(145) :
      x === 146 ? await part(146) :
      x === 147 ? await part(147) :
      x === 148 ? await part(148) :
      x === 149 ? await part(149) :
      x === 150 ? await part(150) :
      x === 151 ? await part(151) :
      x === 152 ? await part(152) :
      x === 153 ? await part(153) :
      x === 154 ? await part(154) :
      x === 155 ? await part(155) :
      x === 156 ? await part(156) :
      x === 157 ? await part(157) :
      x === 158 ? await part(158) :
      x === 159 ? await part(159) :
      x === 160 ? await part(160) :
      x === 161 ? await part(161) :
      x === 162 ? await part(162) :
      x === 163 ? await part(163) :
      x === 164 ? await part(164) :
      x === 165 ? await part(165) :
      x === 166 ? await part(166) :
      x === 167 ? await part(167) :
      x === 168 ? await part(168) :
      x === 169 ? await part(169) :
      x === 170 ? await part(170) :
      x === 171 ? await part(171) :
      x === 172 ? await part(172) :
      x === 173 ? await part(173) :
      x === 174 ? await part(174) :
      x === 175 ? await part(175) :
      x === 176 ? await part(176) :
      x === 177 ? await part(177) :
      x === 178 ? await part(178) :
      x === 179 ? await part(179) :
      x === 180 ? await part(180) :
      x === 181 ? await part(181) :
      x === 182 ? await part(182) :
      x === 183 ? await part(183) :
      x === 184 ? await part(184) :
      x === 185 ? await part(185) :
      x === 186 ? await part(186) :
      x === 187 ? await part(187) :
      x === 188 ? await part(188) :
      x === 189 ? await part(189) :
      x === 190 ? await part(190) :
      x === 191 ? await part(191) :
      x === 192 ? await part(192) :
      x === 193 ? await part(193) :
      x === 194 ? await part(194) :
      x === 195 ? await part(195) :
      x === 196 ? await part(196) :
      x === 197 ? await part(197) :
      x === 198 ? await part(198) :
      x === 199 ? await part(199) :
      x === 200 ? await part(200) :
      x === 201 ? await part(201) :
      x === 202 ? await part(202) :
      x === 203 ? await part(203) :
      x === 204 ? await part(204) :
      x === 205 ? await part(205) :
      x === 206 ? await part(206) :
      x === 207 ? await part(207) :
      x === 208 ? await part(208) :
      x === 209 ? await part(209) :
      x === 210 ? await part(210) :
      x === 211 ? await part(211) :
      x === 212 ? await part(212) :
      x === 213 ? await part(213) :
      x === 214 ? await part(214) :
      x === 215 ? await part(215) :
      x === 216 ? await part(216) :
      x === 217 ? await part(217) :
      x === 218 ? await part(218) :
      x === 219 ? await part(219) :
      x === 220 ? await part(220) :
      x === 221 ? await part(221) :
      x === 222 ? await part(222) :
      x === 223 ? await part(223) :
      x === 224 ? await part(224) :
      x === 225 ? await part(225) :
      x === 226 ? await part(226) :
      x === 227 ? await part(227) :
      x === 228 ? await part(228) :
      x === 229 ? await part(229) :
      x === 230 ? await part(230) :
      x === 231 ? await part(231) :
      x === 232 ? await part(232) :
      x === 233 ? await part(233) :
      x === 234 ? await part(234) :
      x === 235 ? await part(235) :
      x === 236 ? await part(236) :
      x === 237 ? await part(237) :
      x === 238 ? await part(238) :
      x === 239 ? await part(239) :
      x === 240 ? await part(240) :
      x === 241 ? await part(241) :
      x === 242 ? await part(242) :
      x === 243 ? await part(243) :
      x === 244 ? await part(244) :
      x === 245 ? await part(245) :
      x === 246 ? await part(246) :
      x === 247 ? await part(247) :
      x === 248 ? await part(248) :
      x === 249 ? await part(249) :
      x === 250 ? await part(250) :
      x === 251 ? await part(251) :
      x === 252 ? await part(252) :
      x === 253 ? await part(253) :
      x === 254 ? await part(254) :
      x === 255 ? await part(255) :
      x === 256 ? await part(256) :
      x === 257 ? await part(257) :
      x === 258 ? await part(258) :
      x === 259 ? await part(259) :
      x === 260 ? await part(260) :
      x === 261 ? await part(261) :
      x === 262 ? await part(262) :
      x === 263 ? await part(263) :
      x === 264 ? await part(264) :
      x === 265 ? await part(265) :
      x === 266 ? await part(266) :
      x === 267 ? await part(267) :
      x === 268 ? await part(268) :
      x === 269 ? await part(269) :
      x === 270 ? await part(270) :
      x === 271 ? await part(271) :
      x === 272 ? await part(272) :
      x === 273 ? await part(273) :
      x === 274 ? await part(274) :
      x === 275 ? await part(275) :
      x === 276 ? await part(276) :
      x === 277 ? await part(277) :
      x === 278 ? await part(278) :
      x === 279 ? await part(279) :
      x === 280 ? await part(280) :
      x === 281 ? await part(281) :
      x === 282 ? await part(282) :
      x === 283 ? await part(283) :
      x === 284 ? await part(284) :
      x === 285 ? await part(285) :
      x === 286 ? await part(286) :
      x === 287 ? await part(287) :
      x === 288 ? await part(288) :
      x === 289 ? await part(289) :
      x === 290 ? await part(290) :
      x === 291 ? await part(291) :
      x === 292 ? await part(292) :
      x === 293 ? await part(293) :
      x === 294 ? await part(294) :
      x === 295 ? await part(295) :
      x === 296 ? await part(296) :
      x === 297 ? await part(297) :
      x === 298 ? await part(298) :
      x === 299 ? await part(299) :
      "none"
  );
}

async function dispatch(x: number): Promise<string> {
  let r = "none";
  if (x === 0) {
    r = await part(0);
  } else if (x === 1) {
    r = await part(1);
  } else if (x === 2) {
    r = await part(2);
  } else if (x === 3) {
    r = await part(3);
  } else if (x === 4) {
    r = await part(4);
  } else if (x === 5) {
    r = await part(5);
  } else if (x === 6) {
    r = await part(6);
  } else if (x === 7) {
    r = await part(7);
  } else if (x === 8) {
    r = await part(8);
  } else if (x === 9) {
    r = await part(9);
  } else if (x === 10) {
    r = await part(10);
  } else if (x === 11) {
    r = await part(11);
  } else if (x === 12) {
    r = await part(12);
  } else if (x === 13) {
    r = await part(13);
  } else if (x === 14) {
    r = await part(14);
  } else if (x === 15) {
    r = await part(15);
  } else if (x === 16) {
    r = await part(16);
  } else if (x === 17) {
    r = await part(17);
  } else if (x === 18) {
    r = await part(18);
  } else if (x === 19) {
    r = await part(19);
  } else if (x === 20) {
    r = await part(20);
  } else if (x === 21) {
    r = await part(21);
  } else if (x === 22) {
    r = await part(22);
  } else if (x === 23) {
    r = await part(23);
  } else if (x === 24) {
    r = await part(24);
  } else if (x === 25) {
    r = await part(25);
  } else if (x === 26) {
    r = await part(26);
  } else if (x === 27) {
    r = await part(27);
  } else if (x === 28) {
    r = await part(28);
  } else if (x === 29) {
    r = await part(29);
  } else if (x === 30) {
    r = await part(30);
  } else if (x === 31) {
    r = await part(31);
  } else if (x === 32) {
    r = await part(32);
  } else if (x === 33) {
    r = await part(33);
  } else if (x === 34) {
    r = await part(34);
  } else if (x === 35) {
    r = await part(35);
  } else if (x === 36) {
    r = await part(36);
  } else if (x === 37) {
    r = await part(37);
  } else if (x === 38) {
    r = await part(38);
  } else if (x === 39) {
    r = await part(39);
  } else if (x === 40) {
    r = await part(40);
  } else if (x === 41) {
    r = await part(41);
  } else if (x === 42) {
    r = await part(42);
  } else if (x === 43) {
    r = await part(43);
  } else if (x === 44) {
    r = await part(44);
  } else if (x === 45) {
    r = await part(45);
  } else if (x === 46) {
    r = await part(46);
  } else if (x === 47) {
    r = await part(47);
  } else if (x === 48) {
    r = await part(48);
  } else if (x === 49) {
    r = await part(49);
  } else if (x === 50) {
    r = await part(50);
  } else if (x === 51) {
    r = await part(51);
  } else if (x === 52) {
    r = await part(52);
  } else if (x === 53) {
    r = await part(53);
  } else if (x === 54) {
    r = await part(54);
  } else if (x === 55) {
    r = await part(55);
  } else if (x === 56) {
    r = await part(56);
  } else if (x === 57) {
    r = await part(57);
  } else if (x === 58) {
    r = await part(58);
  } else if (x === 59) {
    r = await part(59);
  } else if (x === 60) {
    r = await part(60);
  } else if (x === 61) {
    r = await part(61);
  } else if (x === 62) {
    r = await part(62);
  } else if (x === 63) {
    r = await part(63);
  } else if (x === 64) {
    r = await part(64);
  } else if (x === 65) {
    r = await part(65);
  } else if (x === 66) {
    r = await part(66);
  } else if (x === 67) {
    r = await part(67);
  } else if (x === 68) {
    r = await part(68);
  } else if (x === 69) {
    r = await part(69);
  } else if (x === 70) {
    r = await part(70);
  } else if (x === 71) {
    r = await part(71);
  } else if (x === 72) {
    r = await part(72);
  } else if (x === 73) {
    r = await part(73);
  } else if (x === 74) {
    r = await part(74);
  } else if (x === 75) {
    r = await part(75);
  } else if (x === 76) {
    r = await part(76);
  } else if (x === 77) {
    r = await part(77);
  } else if (x === 78) {
    r = await part(78);
  } else if (x === 79) {
    r = await part(79);
  } else if (x === 80) {
    r = await part(80);
  } else if (x === 81) {
    r = await part(81);
  } else if (x === 82) {
    r = await part(82);
  } else if (x === 83) {
    r = await part(83);
  } else if (x === 84) {
    r = await part(84);
  } else if (x === 85) {
    r = await part(85);
  } else if (x === 86) {
    r = await part(86);
  } else if (x === 87) {
    r = await part(87);
  } else if (x === 88) {
    r = await part(88);
  } else if (x === 89) {
    r = await part(89);
  } else if (x === 90) {
    r = await part(90);
  } else if (x === 91) {
    r = await part(91);
  } else if (x === 92) {
    r = await part(92);
  } else if (x === 93) {
    r = await part(93);
  } else if (x === 94) {
    r = await part(94);
  } else if (x === 95) {
    r = await part(95);
  } else if (x === 96) {
    r = await part(96);
  } else if (x === 97) {
    r = await part(97);
  } else if (x === 98) {
    r = await part(98);
  } else if (x === 99) {
    r = await part(99);
  } else if (x === 100) {
    r = await part(100);
  } else if (x === 101) {
    r = await part(101);
  } else if (x === 102) {
    r = await part(102);
  } else if (x === 103) {
    r = await part(103);
  } else if (x === 104) {
    r = await part(104);
  } else if (x === 105) {
    r = await part(105);
  } else if (x === 106) {
    r = await part(106);
  } else if (x === 107) {
    r = await part(107);
  } else if (x === 108) {
    r = await part(108);
  } else if (x === 109) {
    r = await part(109);
  } else if (x === 110) {
    r = await part(110);
  } else if (x === 111) {
    r = await part(111);
  } else if (x === 112) {
    r = await part(112);
  } else if (x === 113) {
    r = await part(113);
  } else if (x === 114) {
    r = await part(114);
  } else if (x === 115) {
    r = await part(115);
  } else if (x === 116) {
    r = await part(116);
  } else if (x === 117) {
    r = await part(117);
  } else if (x === 118) {
    r = await part(118);
  } else if (x === 119) {
    r = await part(119);
  } else if (x === 120) {
    r = await part(120);
  } else if (x === 121) {
    r = await part(121);
  } else if (x === 122) {
    r = await part(122);
  } else if (x === 123) {
    r = await part(123);
  } else if (x === 124) {
    r = await part(124);
  } else if (x === 125) {
    r = await part(125);
  } else if (x === 126) {
    r = await part(126);
  } else if (x === 127) {
    r = await part(127);
  } else if (x === 128) {
    r = await part(128);
  } else if (x === 129) {
    r = await part(129);
  } else if (x === 130) {
    r = await part(130);
  } else if (x === 131) {
    r = await part(131);
  } else if (x === 132) {
    r = await part(132);
  } else if (x === 133) {
    r = await part(133);
  } else if (x === 134) {
    r = await part(134);
  } else if (x === 135) {
    r = await part(135);
  } else if (x === 136) {
    r = await part(136);
  } else if (x === 137) {
    r = await part(137);
  } else if (x === 138) {
    r = await part(138);
  } else if (x === 139) {
    r = await part(139);
  } else if (x === 140) {
    r = await part(140);
  } else if (x === 141) {
    r = await part(141);
  } else if (x === 142) {
    r = await part(142);
  } else if (x === 143) {
    r = await part(143);
  } else if (x === 144) {
    r = await part(144);
  } else if (x === 145) {
    r = await part(145);
  } else if (x === 146) {
    r = await part(146);
  } else if (x === 147) {
    r = await part(147);
  } else if (x === 148) {
    r = await part(148);
  } else if (x === 149) {
    r = await part(149);
  } else if (x === 150) {
    r = await part(150);
  } else if (x === 151) {
    r = await part(151);
  } else if (x === 152) {
    r = await part(152);
  } else if (x === 153) {
    r = await part(153);
  } else if (x === 154) {
    r = await part(154);
  } else if (x === 155) {
    r = await part(155);
  } else if (x === 156) {
    r = await part(156);
  } else if (x === 157) {
    r = await part(157);
  } else if (x === 158) {
    r = await part(158);
  } else if (x === 159) {
    r = await part(159);
  } else if (x === 160) {
    r = await part(160);
  } else if (x === 161) {
    r = await part(161);
  } else if (x === 162) {
    r = await part(162);
  } else if (x === 163) {
    r = await part(163);
  } else if (x === 164) {
    r = await part(164);
  } else if (x === 165) {
    r = await part(165);
  } else if (x === 166) {
    r = await part(166);
  } else if (x === 167) {
    r = await part(167);
  } else if (x === 168) {
    r = await part(168);
  } else if (x === 169) {
    r = await part(169);
  } else if (x === 170) {
    r = await part(170);
  } else if (x === 171) {
    r = await part(171);
  } else if (x === 172) {
    r = await part(172);
  } else if (x === 173) {
    r = await part(173);
  } else if (x === 174) {
    r = await part(174);
  } else if (x === 175) {
    r = await part(175);
  } else if (x === 176) {
    r = await part(176);
  } else if (x === 177) {
    r = await part(177);
  } else if (x === 178) {
    r = await part(178);
  } else if (x === 179) {
    r = await part(179);
  } else if (x === 180) {
    r = await part(180);
  } else if (x === 181) {
    r = await part(181);
  } else if (x === 182) {
    r = await part(182);
  } else if (x === 183) {
    r = await part(183);
  } else if (x === 184) {
    r = await part(184);
  } else if (x === 185) {
    r = await part(185);
  } else if (x === 186) {
    r = await part(186);
  } else if (x === 187) {
    r = await part(187);
  } else if (x === 188) {
    r = await part(188);
  } else if (x === 189) {
    r = await part(189);
  } else if (x === 190) {
    r = await part(190);
  } else if (x === 191) {
    r = await part(191);
  } else if (x === 192) {
    r = await part(192);
  } else if (x === 193) {
    r = await part(193);
  } else if (x === 194) {
    r = await part(194);
  } else if (x === 195) {
    r = await part(195);
  } else if (x === 196) {
    r = await part(196);
  } else if (x === 197) {
    r = await part(197);
  } else if (x === 198) {
    r = await part(198);
  } else if (x === 199) {
    r = await part(199);
  } else if (x === 200) {
    r = await part(200);
  } else if (x === 201) {
    r = await part(201);
  } else if (x === 202) {
    r = await part(202);
  } else if (x === 203) {
    r = await part(203);
  } else if (x === 204) {
    r = await part(204);
  } else if (x === 205) {
    r = await part(205);
  } else if (x === 206) {
    r = await part(206);
  } else if (x === 207) {
    r = await part(207);
  } else if (x === 208) {
    r = await part(208);
  } else if (x === 209) {
    r = await part(209);
  } else if (x === 210) {
    r = await part(210);
  } else if (x === 211) {
    r = await part(211);
  } else if (x === 212) {
    r = await part(212);
  } else if (x === 213) {
    r = await part(213);
  } else if (x === 214) {
    r = await part(214);
  } else if (x === 215) {
    r = await part(215);
  } else if (x === 216) {
    r = await part(216);
  } else if (x === 217) {
    r = await part(217);
  } else if (x === 218) {
    r = await part(218);
  } else if (x === 219) {
    r = await part(219);
  } else if (x === 220) {
    r = await part(220);
  } else if (x === 221) {
    r = await part(221);
  } else if (x === 222) {
    r = await part(222);
  } else if (x === 223) {
    r = await part(223);
  } else if (x === 224) {
    r = await part(224);
  } else if (x === 225) {
    r = await part(225);
  } else if (x === 226) {
    r = await part(226);
  } else if (x === 227) {
    r = await part(227);
  } else if (x === 228) {
    r = await part(228);
  } else if (x === 229) {
    r = await part(229);
  } else if (x === 230) {
    r = await part(230);
  } else if (x === 231) {
    r = await part(231);
  } else if (x === 232) {
    r = await part(232);
  } else if (x === 233) {
    r = await part(233);
  } else if (x === 234) {
    r = await part(234);
  } else if (x === 235) {
    r = await part(235);
  } else if (x === 236) {
    r = await part(236);
  } else if (x === 237) {
    r = await part(237);
  } else if (x === 238) {
    r = await part(238);
  } else if (x === 239) {
    r = await part(239);
  } else if (x === 240) {
    r = await part(240);
  } else if (x === 241) {
    r = await part(241);
  } else if (x === 242) {
    r = await part(242);
  } else if (x === 243) {
    r = await part(243);
  } else if (x === 244) {
    r = await part(244);
  } else if (x === 245) {
    r = await part(245);
  } else if (x === 246) {
    r = await part(246);
  } else if (x === 247) {
    r = await part(247);
  } else if (x === 248) {
    r = await part(248);
  } else if (x === 249) {
    r = await part(249);
  } else if (x === 250) {
    r = await part(250);
  } else if (x === 251) {
    r = await part(251);
  } else if (x === 252) {
    r = await part(252);
  } else if (x === 253) {
    r = await part(253);
  } else if (x === 254) {
    r = await part(254);
  } else if (x === 255) {
    r = await part(255);
  } else if (x === 256) {
    r = await part(256);
  } else if (x === 257) {
    r = await part(257);
  } else if (x === 258) {
    r = await part(258);
  } else if (x === 259) {
    r = await part(259);
  } else if (x === 260) {
    r = await part(260);
  } else if (x === 261) {
    r = await part(261);
  } else if (x === 262) {
    r = await part(262);
  } else if (x === 263) {
    r = await part(263);
  } else if (x === 264) {
    r = await part(264);
  } else if (x === 265) {
    r = await part(265);
  } else if (x === 266) {
    r = await part(266);
  } else if (x === 267) {
    r = await part(267);
  } else if (x === 268) {
    r = await part(268);
  } else if (x === 269) {
    r = await part(269);
  } else if (x === 270) {
    r = await part(270);
  } else if (x === 271) {
    r = await part(271);
  } else if (x === 272) {
    r = await part(272);
  } else if (x === 273) {
    r = await part(273);
  } else if (x === 274) {
    r = await part(274);
  } else if (x === 275) {
    r = await part(275);
  } else if (x === 276) {
    r = await part(276);
  } else if (x === 277) {
    r = await part(277);
  } else if (x === 278) {
    r = await part(278);
  } else if (x === 279) {
    r = await part(279);
  } else if (x === 280) {
    r = await part(280);
  } else if (x === 281) {
    r = await part(281);
  } else if (x === 282) {
    r = await part(282);
  } else if (x === 283) {
    r = await part(283);
  } else if (x === 284) {
    r = await part(284);
  } else if (x === 285) {
    r = await part(285);
  } else if (x === 286) {
    r = await part(286);
  } else if (x === 287) {
    r = await part(287);
  } else if (x === 288) {
    r = await part(288);
  } else if (x === 289) {
    r = await part(289);
  } else if (x === 290) {
    r = await part(290);
  } else if (x === 291) {
    r = await part(291);
  } else if (x === 292) {
    r = await part(292);
  } else if (x === 293) {
    r = await part(293);
  } else if (x === 294) {
    r = await part(294);
  } else if (x === 295) {
    r = await part(295);
  } else if (x === 296) {
    r = await part(296);
  } else if (x === 297) {
    r = await part(297);
  } else if (x === 298) {
    r = await part(298);
  } else if (x === 299) {
    r = await part(299);
  }
  return r;
}

async function main() {
  const s = await concatenation();
  console.log(s.length, s.slice(0, 30), s.slice(-30));
  console.log(await conditional(0), await conditional(299), await conditional(300));
  console.log(await dispatch(7), await dispatch(298), await dispatch(-1));
}
main().then(
  () => console.log("done"),
  (e) => console.log("failed", String(e)),
);
